//! Free text the user types or files carry: coordinate cells, CRS names, .prj WKT.
#![no_main]

use geo_core::crs::Crs;
use geo_core::import::{parse_coordinate, Axis};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = parse_coordinate(&s, Axis::Lon);
    let _ = parse_coordinate(&s, Axis::Lat);
    let _ = Crs::parse(&s);
    let _ = Crs::from_prj(&s);
});
