use std::fmt::Write;

use geo::{Coord, Geometry, LineString, Polygon};
use serde_json::Value;

use crate::layer::Layer;
use crate::xml_text::esc;

fn coords(out: &mut String, cs: &[Coord<f64>]) {
    out.push_str("<coordinates>");
    for (i, c) in cs.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", c.x, c.y);
    }
    out.push_str("</coordinates>");
}

fn ring(out: &mut String, tag: &str, ls: &LineString<f64>) {
    let _ = write!(out, "<{tag}><LinearRing>");
    coords(out, &ls.0);
    let _ = write!(out, "</LinearRing></{tag}>");
}

fn polygon(out: &mut String, p: &Polygon<f64>) {
    out.push_str("<Polygon>");
    ring(out, "outerBoundaryIs", p.exterior());
    for i in p.interiors() {
        ring(out, "innerBoundaryIs", i);
    }
    out.push_str("</Polygon>");
}

fn geometry(out: &mut String, g: &Geometry<f64>) {
    match g {
        Geometry::Point(p) => {
            out.push_str("<Point>");
            coords(out, &[p.0]);
            out.push_str("</Point>");
        }
        Geometry::LineString(l) => {
            out.push_str("<LineString>");
            coords(out, &l.0);
            out.push_str("</LineString>");
        }
        Geometry::Polygon(p) => polygon(out, p),
        Geometry::Line(l) => geometry(out, &Geometry::LineString(LineString(vec![l.start, l.end]))),
        Geometry::Rect(r) => polygon(out, &r.to_polygon()),
        Geometry::Triangle(t) => polygon(out, &t.to_polygon()),
        Geometry::MultiPoint(m) => multi(out, m.0.iter().map(|p| Geometry::Point(*p))),
        Geometry::MultiLineString(m) => multi(out, m.0.iter().cloned().map(Geometry::LineString)),
        Geometry::MultiPolygon(m) => multi(out, m.0.iter().cloned().map(Geometry::Polygon)),
        Geometry::GeometryCollection(c) => multi(out, c.0.iter().cloned()),
    }
}

fn multi(out: &mut String, parts: impl Iterator<Item = Geometry<f64>>) {
    out.push_str("<MultiGeometry>");
    parts.for_each(|g| geometry(out, &g));
    out.push_str("</MultiGeometry>");
}

/// The layer as KML 2.2 (always WGS84, as KML requires): one Placemark per feature named by
/// the layer's name field, every property in ExtendedData.
pub fn write_kml(layer: &Layer) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>");
    let _ = write!(out, "<name>{}</name>", esc(&layer.meta.name));
    for (i, f) in layer.features.iter().enumerate() {
        out.push_str("\n<Placemark>");
        let _ = write!(out, "<name>{}</name>", esc(&layer.feature_name(i)));
        if let Some(d) = f.text("description") {
            let _ = write!(out, "<description>{}</description>", esc(&d));
        }
        out.push_str("<ExtendedData>");
        for (k, v) in &f.properties {
            let text = match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let _ = write!(
                out,
                "<Data name=\"{}\"><value>{}</value></Data>",
                esc(k),
                esc(&text)
            );
        }
        out.push_str("</ExtendedData>");
        geometry(&mut out, &f.geometry);
        out.push_str("</Placemark>");
    }
    out.push_str("\n</Document></kml>\n");
    out
}
