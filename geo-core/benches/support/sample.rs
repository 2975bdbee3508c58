//! The benchmark GeoJSON, shared by the criterion bench and `examples/bench_data.rs` so
//! native, wasm and `JSON.parse` measure the same bytes.

/// Deterministic polygons and points with Chinese properties, about `mb` megabytes.
#[allow(dead_code)]
pub fn sample_geojson(mb: usize) -> String {
    let mut s = String::from(r#"{"type":"FeatureCollection","features":["#);
    let mut i = 0u64;
    while s.len() < mb << 20 {
        if i > 0 {
            s.push(',');
        }
        let x = 118.0 + (i % 500) as f64 * 0.001;
        let y = 24.4 + (i / 500 % 400) as f64 * 0.001;
        if i.is_multiple_of(2) {
            s.push_str(&format!(
                r#"{{"type":"Feature","properties":{{"id":{i},"name":"厦门某企业{i}有限公司","行业":"化工","从业人数":{}}},"geometry":{{"type":"Point","coordinates":[{x:.6},{y:.6}]}}}}"#,
                i % 997
            ));
        } else {
            s.push_str(&format!(
                r#"{{"type":"Feature","properties":{{"id":{i},"class":"高","name":"区域{i}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x:.6},{y:.6}],[{:.6},{y:.6}],[{:.6},{:.6}],[{x:.6},{:.6}],[{x:.6},{y:.6}]]]}}}}"#,
                x + 0.0008,
                x + 0.0008,
                y + 0.0008,
                y + 0.0008
            ));
        }
        i += 1;
    }
    s.push_str("]}");
    s
}
