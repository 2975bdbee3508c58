//! Arbitrary bytes through the GeoJson reader, with the CRS conversions a user could pick.
#![no_main]

use geo_core::crs::Crs;
use geo_core::import::{read, Format, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let plain = ImportOptions { format: Some(Format::GeoJson), ..Default::default() };
    let _ = read("fuzz.geojson", data, &plain);
    let gcj = ImportOptions { format: Some(Format::GeoJson), crs: Some(Crs::Gcj02), ..Default::default() };
    let _ = read("fuzz.geojson", data, &gcj);
});
