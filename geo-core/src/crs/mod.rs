//! Coordinate systems. Internal coordinates are WGS84 lon/lat in degrees; the map draws
//! in spherical Web Mercator (EPSG:3857) metres.

mod web_mercator;
pub use web_mercator::{WebMercator, EARTH_RADIUS_M, MAX_LATITUDE};
