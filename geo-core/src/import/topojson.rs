//! TopoJSON: every object of the topology becomes features of one layer, with a
//! `topojson_object` property naming the object. Decoded by hand (quantised, delta-coded
//! arcs; negative arc indices reversed): the `topojson` crate depends on an older `geojson`
//! and would put a second copy of it in the wasm.

use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use serde_json::{Map, Value};

use super::{ImportError, ImportWarning};
use crate::layer::Feature;

pub(super) struct TopoRead {
    pub features: Vec<Feature>,
    pub warnings: Vec<ImportWarning>,
}

struct Topology {
    arcs: Vec<Vec<Coord<f64>>>,
    transform: Option<([f64; 2], [f64; 2])>,
}

/// Is this JSON value a TopoJSON topology?
pub(super) fn is_topology(root: &Value) -> bool {
    root.get("type").and_then(Value::as_str) == Some("Topology")
}

pub(super) fn read(file: &str, root: &Value) -> Result<TopoRead, ImportError> {
    let bad = |msg: &str| ImportError::NotGeoJson {
        file: file.to_string(),
        msg: format!("TopoJSON: {msg}"),
    };
    let transform = match root.get("transform") {
        None | Some(Value::Null) => None,
        Some(t) => {
            let pair = |k: &str| -> Option<[f64; 2]> {
                let a = t.get(k)?.as_array()?;
                Some([a.first()?.as_f64()?, a.get(1)?.as_f64()?])
            };
            Some((
                pair("scale")
                    .ok_or_else(|| bad("transform.scale 无效 / invalid transform.scale"))?,
                pair("translate")
                    .ok_or_else(|| bad("transform.translate 无效 / invalid transform.translate"))?,
            ))
        }
    };
    let raw_arcs = root
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("缺少 arcs 数组 / missing \"arcs\" array"))?;
    let mut arcs = Vec::with_capacity(raw_arcs.len());
    for (i, arc) in raw_arcs.iter().enumerate() {
        let pts = arc
            .as_array()
            .ok_or_else(|| bad(&format!("第 {i} 条弧不是数组 / arc {i} is not an array")))?;
        let (mut x, mut y) = (0.0, 0.0);
        let mut out = Vec::with_capacity(pts.len());
        for p in pts {
            let (px, py) = position(p).ok_or_else(|| {
                bad(&format!(
                    "第 {i} 条弧的坐标无效 / arc {i} has an invalid position"
                ))
            })?;
            let c = match transform {
                Some((s, t)) => {
                    x += px;
                    y += py;
                    Coord {
                        x: x * s[0] + t[0],
                        y: y * s[1] + t[1],
                    }
                }
                None => Coord { x: px, y: py },
            };
            out.push(c);
        }
        arcs.push(out);
    }
    let topo = Topology { arcs, transform };
    let objects = root
        .get("objects")
        .and_then(Value::as_object)
        .ok_or_else(|| bad("缺少 objects / missing \"objects\""))?;
    let mut features = Vec::new();
    let mut warnings = Vec::new();
    let mut index = 0;
    for (name, obj) in objects {
        let mut leaves = Vec::new();
        flatten(obj, &mut leaves);
        for leaf in leaves {
            let mut properties = leaf
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_else(Map::new);
            if let Some(id) = leaf.get("id") {
                properties.entry("id").or_insert_with(|| id.clone());
            }
            properties.insert("topojson_object".into(), Value::String(name.clone()));
            match topo.geometry(leaf) {
                Ok(Some(geometry)) => features.push(Feature { geometry, properties }),
                Ok(None) => warnings.push(ImportWarning { file: file.to_string(), feature: index, row: None, msg: format!("对象“{name}”中的空几何，已跳过 / null geometry in object \"{name}\", skipped") }),
                Err(msg) => warnings.push(ImportWarning { file: file.to_string(), feature: index, row: None, msg: format!("对象“{name}” / object \"{name}\": {msg}") }),
            }
            index += 1;
        }
    }
    Ok(TopoRead { features, warnings })
}

/// Top-level GeometryCollections are containers of features; nested ones inside a feature
/// are not expected in TopoJSON, so every collection is opened.
fn flatten<'a>(obj: &'a Value, out: &mut Vec<&'a Value>) {
    if obj.get("type").and_then(Value::as_str) == Some("GeometryCollection") {
        if let Some(gs) = obj.get("geometries").and_then(Value::as_array) {
            gs.iter().for_each(|g| flatten(g, out));
        }
    } else {
        out.push(obj);
    }
}

fn position(v: &Value) -> Option<(f64, f64)> {
    let a = v.as_array()?;
    let (x, y) = (a.first()?.as_f64()?, a.get(1)?.as_f64()?);
    (x.is_finite() && y.is_finite()).then_some((x, y))
}

impl Topology {
    fn point(&self, v: &Value) -> Result<Coord<f64>, String> {
        let (x, y) = position(v).ok_or("坐标无效 / invalid position")?;
        Ok(match self.transform {
            Some((s, t)) => Coord {
                x: x * s[0] + t[0],
                y: y * s[1] + t[1],
            },
            None => Coord { x, y },
        })
    }

    /// Joins arcs into one line; each arc after the first drops its shared first point.
    fn line(&self, indices: &Value) -> Result<LineString<f64>, String> {
        let list = indices
            .as_array()
            .ok_or("arcs 不是数组 / arcs is not an array")?;
        let mut out: Vec<Coord<f64>> = Vec::new();
        for idx in list {
            let i = idx
                .as_i64()
                .ok_or("弧索引不是整数 / arc index is not an integer")?;
            let (k, reversed) = if i < 0 {
                ((!i) as usize, true)
            } else {
                (i as usize, false)
            };
            let arc = self
                .arcs
                .get(k)
                .ok_or_else(|| format!("弧索引 {i} 超出范围 / arc index {i} out of range"))?;
            let mut pts: Vec<Coord<f64>> = arc.clone();
            if reversed {
                pts.reverse();
            }
            let skip = usize::from(!out.is_empty());
            out.extend(pts.into_iter().skip(skip));
        }
        Ok(LineString(out))
    }

    fn polygon(&self, rings: &Value) -> Result<Polygon<f64>, String> {
        let rings = rings
            .as_array()
            .ok_or("多边形 arcs 不是数组 / polygon arcs is not an array")?;
        let mut ls = rings
            .iter()
            .map(|r| self.line(r))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter();
        let outer = ls.next().ok_or("多边形没有环 / polygon without rings")?;
        Ok(Polygon::new(outer, ls.collect()))
    }

    fn geometry(&self, g: &Value) -> Result<Option<Geometry<f64>>, String> {
        let kind = g.get("type").and_then(Value::as_str).unwrap_or("null");
        let coords = || {
            g.get("coordinates")
                .ok_or("缺少 coordinates / missing coordinates")
        };
        let arcs = || g.get("arcs").ok_or("缺少 arcs / missing arcs");
        let list = |v: &Value| v.as_array().cloned().ok_or("不是数组 / not an array");
        Ok(Some(match kind {
            "Point" => Geometry::Point(Point(self.point(coords()?)?)),
            "MultiPoint" => Geometry::MultiPoint(MultiPoint(
                list(coords()?)?
                    .iter()
                    .map(|p| self.point(p).map(Point))
                    .collect::<Result<_, _>>()?,
            )),
            "LineString" => Geometry::LineString(self.line(arcs()?)?),
            "MultiLineString" => Geometry::MultiLineString(MultiLineString(
                list(arcs()?)?
                    .iter()
                    .map(|l| self.line(l))
                    .collect::<Result<_, _>>()?,
            )),
            "Polygon" => Geometry::Polygon(self.polygon(arcs()?)?),
            "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
                list(arcs()?)?
                    .iter()
                    .map(|p| self.polygon(p))
                    .collect::<Result<_, _>>()?,
            )),
            "GeometryCollection" => Geometry::GeometryCollection(GeometryCollection(
                list(
                    g.get("geometries")
                        .ok_or("缺少 geometries / missing geometries")?,
                )?
                .iter()
                .filter_map(|x| self.geometry(x).transpose())
                .collect::<Result<_, _>>()?,
            )),
            "null" => return Ok(None),
            other => {
                return Err(format!(
                    "未知几何类型 \"{other}\" / unknown geometry type \"{other}\""
                ))
            }
        }))
    }
}
