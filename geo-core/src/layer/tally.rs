//! What a walk over a whole layer finds, its bounding box and its polygon sizes, added up
//! chunk by chunk. A 660,000-footprint import is decoded in slices between frames; walking
//! the finished layer once more for these took 45 ms on the UI thread (a long task), so the
//! app tallies each decoded chunk as it comes and hands the total to the project.

use geo::{BoundingRect, Geometry, Polygon, Rect};

use super::Feature;

/// Bounding box and polygon sizes of a run of features.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LayerTally {
    /// `None` while no feature had a geometry with an extent.
    pub bbox: Option<Rect<f64>>,
    /// Polygon parts, rings and vertices: what the zone index reserves room for.
    pub parts: usize,
    pub rings: usize,
    pub coords: usize,
}

impl LayerTally {
    pub fn of(features: &[Feature]) -> Self {
        let mut t = LayerTally::default();
        t.add(features);
        t
    }

    /// Adds `features` to the tally.
    pub fn add(&mut self, features: &[Feature]) {
        for f in features {
            if let Some(r) = f.geometry.bounding_rect() {
                self.bbox = Some(self.bbox.map_or(r, |b| union(b, r)));
            }
            for_each_polygon(&f.geometry, &mut |poly| {
                self.parts += 1;
                self.rings += 1 + poly.interiors().len();
                self.coords += poly.exterior().0.len()
                    + poly.interiors().iter().map(|r| r.0.len()).sum::<usize>();
            });
        }
    }
}

/// The smallest rectangle holding both.
pub(crate) fn union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        (a.min().x.min(b.min().x), a.min().y.min(b.min().y)),
        (a.max().x.max(b.max().x), a.max().y.max(b.max().y)),
    )
}

/// Calls `f` for every polygon of `g`: the parts of a multipolygon, a rectangle or triangle
/// as a polygon, and the polygons inside a collection.
pub(crate) fn for_each_polygon(g: &Geometry<f64>, f: &mut impl FnMut(&Polygon<f64>)) {
    match g {
        Geometry::Polygon(p) => f(p),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(f),
        Geometry::Rect(r) => f(&r.to_polygon()),
        Geometry::Triangle(t) => f(&t.to_polygon()),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| for_each_polygon(g, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon, Point};

    fn feature(geometry: Geometry<f64>) -> Feature {
        Feature {
            geometry,
            properties: Default::default(),
        }
    }

    #[test]
    fn a_tally_added_chunk_by_chunk_equals_the_tally_of_the_whole() {
        let square = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 0.)];
        let holed = Polygon::new(
            square.exterior().clone(),
            vec![square.exterior().clone(), square.exterior().clone()],
        );
        let features = vec![
            feature(Point::new(-5.0, 2.0).into()),
            feature(square.clone().into()),
            feature(MultiPolygon(vec![square.clone(), holed]).into()),
            feature(Point::new(7.0, -3.0).into()),
        ];
        let whole = LayerTally::of(&features);
        assert_eq!((whole.parts, whole.rings, whole.coords), (3, 5, 20));
        assert_eq!(whole.bbox, Some(Rect::new((-5.0, -3.0), (7.0, 2.0))));
        let mut parts = LayerTally::default();
        parts.add(&features[..1]);
        parts.add(&features[1..3]);
        parts.add(&features[3..]);
        assert_eq!(parts, whole);
        assert_eq!(LayerTally::of(&[]).bbox, None);
    }
}
