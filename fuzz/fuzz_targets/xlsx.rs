//! Arbitrary bytes through the Xlsx reader, with the CRS conversions a user could pick.
#![no_main]

use geo_core::crs::Crs;
use geo_core::import::{read, Format, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let plain = ImportOptions { format: Some(Format::Xlsx), ..Default::default() };
    let _ = read("fuzz.xlsx", data, &plain);
    let gcj = ImportOptions { format: Some(Format::Xlsx), crs: Some(Crs::Gcj02), ..Default::default() };
    let _ = read("fuzz.xlsx", data, &gcj);
});
