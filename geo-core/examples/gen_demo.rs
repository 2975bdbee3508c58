//! Writes the fictional Xiamen demo layers into `public/demo/`.
//!
//! Deterministic: a fixed-seed PRNG, so re-running gives byte-identical files and the
//! committed demo can be checked (`cargo run -p geo-core --example gen_demo -- --check`).
//! Every name, quantity and zone is invented; the metadata says so.

use std::fmt::Write as _;
use std::path::PathBuf;

use geo::{Contains, Coord, LineString, Point, Polygon};
use serde_json::{json, Value};

/// splitmix64: tiny, seedable and stable across platforms and crate versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.f()
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// Rounds to 6 decimals (about 0.1 m) so files stay small and stable.
fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn ring(pts: &[(f64, f64)]) -> Vec<[f64; 2]> {
    let mut v: Vec<[f64; 2]> = pts.iter().map(|&(x, y)| [r6(x), r6(y)]).collect();
    if v.first() != v.last() {
        v.push(v[0]);
    }
    v
}

fn polygon_json(pts: &[(f64, f64)]) -> Value {
    json!({"type": "Polygon", "coordinates": [ring(pts)]})
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<(f64, f64)> {
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

/// An irregular closed outline around a centre: hills and low-lying areas are not boxes.
fn blob(rng: &mut Rng, cx: f64, cy: f64, rx: f64, ry: f64, n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            let k = rng.range(0.75, 1.15);
            (cx + rx * k * a.cos(), cy + ry * k * a.sin())
        })
        .collect()
}

fn collection(meta: Value, features: Vec<Value>) -> String {
    let fc = json!({"type": "FeatureCollection", "xiantu": meta, "features": features});
    let mut s = serde_json::to_string(&fc).expect("demo JSON serialises");
    s.push('\n');
    s
}

const SOURCE_NOTE: &str =
    "虚构演示数据，由 geo-core/examples/gen_demo.rs 生成 / fictional demo data";

fn districts() -> Vec<(&'static str, Vec<(f64, f64)>)> {
    vec![
        (
            "思明区",
            vec![
                (118.065, 24.445),
                (118.12, 24.425),
                (118.175, 24.43),
                (118.205, 24.455),
                (118.2, 24.49),
                (118.06, 24.49),
            ],
        ),
        (
            "湖里区",
            vec![
                (118.06, 24.49),
                (118.2, 24.49),
                (118.195, 24.52),
                (118.16, 24.555),
                (118.1, 24.56),
                (118.065, 24.535),
            ],
        ),
        (
            "海沧区",
            vec![
                (117.94, 24.44),
                (118.03, 24.42),
                (118.05, 24.47),
                (118.055, 24.53),
                (118.03, 24.57),
                (117.96, 24.58),
                (117.93, 24.52),
            ],
        ),
        (
            "集美区",
            vec![
                (117.96, 24.58),
                (118.03, 24.57),
                (118.08, 24.58),
                (118.13, 24.6),
                (118.12, 24.66),
                (118.05, 24.7),
                (117.98, 24.68),
            ],
        ),
        (
            "同安区",
            vec![
                (117.98, 24.68),
                (118.05, 24.7),
                (118.12, 24.66),
                (118.2, 24.66),
                (118.24, 24.72),
                (118.2, 24.79),
                (118.08, 24.8),
                (117.99, 24.77),
            ],
        ),
        (
            "翔安区",
            vec![
                (118.13, 24.6),
                (118.2, 24.56),
                (118.3, 24.55),
                (118.4, 24.56),
                (118.44, 24.62),
                (118.38, 24.7),
                (118.24, 24.72),
                (118.2, 24.66),
                (118.12, 24.66),
            ],
        ),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let check = args.iter().any(|a| a == "--check");
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public/demo");
    let mut rng = Rng(0x5869_616E_7475); // "Xiantu"

    let mut files: Vec<(&str, String)> = Vec::new();

    // Districts.
    let districts = districts();
    let district_features = districts
        .iter()
        .map(|(name, pts)| json!({"type": "Feature", "properties": {"name": name}, "geometry": polygon_json(pts)}))
        .collect();
    files.push((
        "districts.geojson",
        collection(
            json!({"name": "行政区", "role": "areas", "name_field": "name", "fictional": true,
                   "source": "粗略示意边界，非官方 / coarse outlines, not official boundaries"}),
            district_features,
        ),
    ));

    // Storm surge: bands parallel to the coast, 高 nearest the sea.
    let surge_levels = json!({"高": 3, "中": 2, "低": 1});
    let mut surge = Vec::new();
    let zone = |name: &str, class: &str, pts: Vec<(f64, f64)>, out: &mut Vec<Value>| {
        out.push(json!({"type": "Feature", "properties": {"name": name, "class": class}, "geometry": polygon_json(&pts)}));
    };
    for (i, class) in ["高", "中", "低"].iter().enumerate() {
        let d = i as f64 * 0.015;
        zone(
            &format!("海沧湾沿岸{class}"),
            class,
            vec![
                (118.035 - d, 24.44),
                (118.05 - d, 24.44),
                (118.055 - d, 24.53),
                (118.04 - d, 24.53),
            ],
            &mut surge,
        );
        zone(
            &format!("厦门岛南岸{class}"),
            class,
            rect(
                118.07,
                24.44 + i as f64 * 0.012,
                118.2,
                24.452 + i as f64 * 0.012,
            ),
            &mut surge,
        );
        zone(
            &format!("翔安南岸{class}"),
            class,
            rect(
                118.2,
                24.555 + i as f64 * 0.015,
                118.4,
                24.57 + i as f64 * 0.015,
            ),
            &mut surge,
        );
    }
    zone(
        "杏林湾沿岸中",
        "中",
        rect(118.05, 24.57, 118.12, 24.585),
        &mut surge,
    );
    files.push((
        "storm_surge.geojson",
        collection(
            json!({"name": "风暴潮淹没区", "role": "hazard_zones", "name_field": "name", "class_field": "class",
                   "class_levels": surge_levels, "fictional": true, "source": SOURCE_NOTE}),
            surge,
        ),
    ));

    // Waterlogging: low-lying pockets; one overlaps the 翔安 高 surge band on purpose.
    let mut water = Vec::new();
    let pockets: [(&str, &str, f64, f64, f64, f64); 6] = [
        ("湖里江头片区", "高", 118.12, 24.51, 0.018, 0.010),
        ("思明莲坂片区", "中", 118.105, 24.472, 0.014, 0.008),
        ("集美杏林片区", "中", 118.095, 24.61, 0.015, 0.010),
        ("翔安新店片区", "低", 118.255, 24.61, 0.016, 0.010),
        ("翔安沿海片区", "中", 118.295, 24.565, 0.014, 0.010),
        ("海沧新阳片区", "低", 118.0, 24.545, 0.016, 0.009),
    ];
    for (name, class, cx, cy, rx, ry) in pockets {
        let pts = blob(&mut rng, cx, cy, rx, ry, 12);
        water.push(json!({"type": "Feature", "properties": {"name": name, "class": class}, "geometry": polygon_json(&pts)}));
    }
    // A plain rectangle so tests can place a site exactly on its edge.
    water.push(
        json!({"type": "Feature", "properties": {"name": "同安城区片区", "class": "高"},
                      "geometry": polygon_json(&rect(118.14, 24.72, 118.17, 24.745))}),
    );
    files.push((
        "waterlogging.geojson",
        collection(
            json!({"name": "内涝易发区", "role": "hazard_zones", "name_field": "name", "class_field": "class",
                   "class_levels": {"高": 3, "中": 2, "低": 1}, "fictional": true, "source": SOURCE_NOTE}),
            water,
        ),
    ));

    // Geological-hazard susceptibility on the hills named in the 2014 plan.
    let hills: [(&str, &str, f64, f64, f64, f64); 6] = [
        ("同安汀溪镇山区", "高易发", 118.12, 24.775, 0.04, 0.02),
        ("翔安大帽山", "高易发", 118.29, 24.685, 0.03, 0.022),
        ("集美后溪镇", "中易发", 118.045, 24.645, 0.025, 0.02),
        ("海沧蔡尖尾山", "中易发", 117.99, 24.5, 0.02, 0.02),
        ("狐尾山—仙岳山", "低易发", 118.11, 24.5, 0.02, 0.006),
        ("鸿山—东坪山—云顶岩", "中易发", 118.125, 24.462, 0.025, 0.01),
    ];
    let mut geo_zones = Vec::new();
    for (name, class, cx, cy, rx, ry) in hills {
        let pts = blob(&mut rng, cx, cy, rx, ry, 14);
        geo_zones.push(json!({"type": "Feature", "properties": {"name": name, "class": class}, "geometry": polygon_json(&pts)}));
    }
    files.push((
        "geohazard.geojson",
        collection(
            json!({"name": "地质灾害易发区", "role": "hazard_zones", "name_field": "name", "class_field": "class",
                   "class_levels": {"高易发": 3, "中易发": 2, "低易发": 1}, "fictional": true, "source": SOURCE_NOTE}),
            geo_zones,
        ),
    ));

    // Major hazard sources: clustered in the port and chemical areas.
    // GB 18218 hazard category (for β when Table 3 does not list the chemical): an
    // illustrative assignment for the fictional data, not a classification.
    let kinds: [(&str, &str, f64, f64, &str); 6] = [
        ("LNG储罐区", "液化天然气", 800.0, 50.0, "W2"),
        ("成品油库", "汽油", 5000.0, 200.0, "W5.3"),
        ("液氨储罐", "氨", 40.0, 10.0, ""),
        ("化学品仓库", "甲醇", 3000.0, 500.0, "W5.3"),
        ("液氯仓库", "氯", 30.0, 5.0, ""),
        ("液化石油气站", "液化石油气", 200.0, 50.0, "W2"),
    ];
    let clusters = [
        (118.02, 24.455, "海沧"),
        (118.31, 24.585, "翔安"),
        (118.06, 24.595, "集美"),
        (118.16, 24.705, "同安"),
    ];
    let mut sources = Vec::new();
    for i in 0..24 {
        let (cx, cy, area) = clusters[i % clusters.len()];
        let (kind, chem, qmax, crit, category) = *rng.pick(&kinds);
        let q = (rng.range(0.2, 1.0) * qmax).round();
        let lon = r6(cx + rng.range(-0.012, 0.012));
        let lat = r6(cy + rng.range(-0.01, 0.01));
        sources.push(json!({"type": "Feature",
            "properties": {"id": format!("S{:02}", i + 1), "name": format!("{area}{}号{kind}", i / 4 + 1),
                           "类型": kind, "危险化学品": chem, "危险性类别": category, "数量_吨": q, "临界量_吨": crit},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}));
    }
    files.push((
        "hazard_sources.geojson",
        collection(
            json!({"name": "重大危险源", "role": "sources", "name_field": "name", "fictional": true, "source": SOURCE_NOTE}),
            sources,
        ),
    ));

    // Enterprises: four fixed sites the tests rely on, then 2,100 random ones.
    let mut ents = Vec::new();
    let mut ent = |id: usize,
                   name: &str,
                   industry: &str,
                   staff: u32,
                   addr: &str,
                   district: &str,
                   lon: f64,
                   lat: f64| {
        ents.push(json!({"type": "Feature",
            "properties": {"id": format!("E{id:04}"), "name": name, "行业": industry, "从业人数": staff,
                           "地址": addr, "区": district},
            "geometry": {"type": "Point", "coordinates": [r6(lon), r6(lat)]}}));
    };
    // E0001: inside the 海沧 高 surge band (→ 重大).
    ent(
        1,
        "厦门海沧示范化工有限公司",
        "化工",
        320,
        "海沧区港南路88号",
        "海沧区",
        118.045,
        24.47,
    );
    // E0002: exactly on the west edge of the 同安城区 高 waterlogging rectangle (→ 重大).
    ent(
        2,
        "同安边界示范仓储有限公司",
        "仓储物流",
        45,
        "同安区城东路2号",
        "同安区",
        118.14,
        24.73,
    );
    // E0003: in the 翔安 高 surge band and the 翔安沿海 中 waterlogging pocket (→ 重大, two reasons).
    ent(
        3,
        "翔安沿海示范食品有限公司",
        "食品加工",
        150,
        "翔安区滨海路16号",
        "翔安区",
        118.295,
        24.565,
    );
    // E0004: outside every zone (→ 低).
    ent(
        4,
        "集美内陆示范电子有限公司",
        "电子",
        600,
        "集美区天马路9号",
        "集美区",
        118.03,
        24.665,
    );

    let industries = [
        "化工",
        "仓储物流",
        "机械制造",
        "电子",
        "食品加工",
        "纺织服装",
        "建材",
        "港口码头",
        "商贸",
        "医药",
        "印刷包装",
        "汽车维修",
    ];
    let suffix = ["有限公司", "股份有限公司", "实业有限公司", "科技有限公司"];
    let syll = [
        "鑫", "瑞", "达", "华", "鹭", "海", "嘉", "恒", "盛", "泰", "兴", "源", "宏", "锦", "联",
        "禾", "通", "晟", "宸", "航",
    ];
    let roads = [
        "湖滨南路",
        "厦禾路",
        "嘉禾路",
        "仙岳路",
        "海沧大道",
        "新阳路",
        "杏林路",
        "集美大道",
        "同安大道",
        "环城南路",
        "翔安大道",
        "新店路",
        "马巷路",
        "滨海西大道",
    ];
    let district_polys: Vec<(&str, Polygon<f64>)> = districts
        .iter()
        .map(|(n, pts)| {
            (
                *n,
                Polygon::new(
                    LineString::from(pts.iter().map(|&(x, y)| Coord { x, y }).collect::<Vec<_>>()),
                    vec![],
                ),
            )
        })
        .collect();
    let weights = [
        ("思明区", 0.2),
        ("湖里区", 0.22),
        ("海沧区", 0.16),
        ("集美区", 0.16),
        ("同安区", 0.12),
        ("翔安区", 0.14),
    ];
    for id in 5..=2104 {
        let mut u = rng.f();
        let district = weights
            .iter()
            .find(|(_, w)| {
                u -= w;
                u < 0.0
            })
            .map_or("翔安区", |(d, _)| *d);
        let poly = &district_polys
            .iter()
            .find(|(n, _)| *n == district)
            .expect("district exists")
            .1;
        let b = geo::BoundingRect::bounding_rect(poly).expect("district has a bbox");
        let (lon, lat) = loop {
            let p = Point::new(
                rng.range(b.min().x, b.max().x),
                rng.range(b.min().y, b.max().y),
            );
            if poly.contains(&p) {
                break (p.x(), p.y());
            }
        };
        let industry = *rng.pick(&industries);
        let mut name = String::from("厦门");
        for _ in 0..3 {
            let s: &&str = rng.pick(&syll);
            name.push_str(s);
        }
        let _ = write!(
            name,
            "{}{}",
            industry.trim_end_matches("码头"),
            *rng.pick(&suffix)
        );
        let staff = (rng.range(1.0, 7.5).exp()).round() as u32;
        let addr = format!("{district}{}{}号", rng.pick(&roads), 1 + rng.next() % 999);
        ent(id, &name, industry, staff, &addr, district, lon, lat);
    }
    files.push((
        "enterprises.geojson",
        collection(
            json!({"name": "企业", "role": "sites", "name_field": "name", "fictional": true, "source": SOURCE_NOTE}),
            ents,
        ),
    ));

    let mut stale = Vec::new();
    for (name, text) in &files {
        let path = out_dir.join(name);
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::create_dir_all(&out_dir).expect("create public/demo");
            std::fs::write(&path, text).expect("write demo layer");
            println!("wrote {} ({} bytes)", path.display(), text.len());
        }
    }
    if !stale.is_empty() {
        eprintln!(
            "demo data is stale, re-run `cargo run -p geo-core --example gen_demo`: {stale:?}"
        );
        std::process::exit(1);
    }
}
