//! Where a hidden danger is: WGS84 coordinates and how they were obtained.

use serde::{Deserialize, Serialize};

/// How a record's coordinates were obtained; a record without coordinates has no
/// [`Location`] at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LocationSource {
    /// The device's geolocation (GNSS or network), with its accuracy.
    #[serde(rename = "设备定位")]
    Device,
    /// A tap on the map: as accurate as the basemap and the zoom.
    #[serde(rename = "地图选点")]
    MapTap,
    /// The site's own position (no finer position was taken).
    #[serde(rename = "场所位置")]
    Site,
}

impl LocationSource {
    pub fn zh(self) -> &'static str {
        match self {
            LocationSource::Device => "设备定位",
            LocationSource::MapTap => "地图选点",
            LocationSource::Site => "场所位置",
        }
    }
}

/// WGS84 degrees, as everywhere inside the engine.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub lon: f64,
    pub lat: f64,
    /// Metres (the geolocation API's `accuracy`); `None` for a map tap or the site's position.
    pub accuracy_m: Option<f64>,
    pub source: LocationSource,
}

impl Location {
    /// Finite, on the globe, accuracy not negative.
    pub fn is_valid(&self) -> bool {
        self.lon.is_finite()
            && self.lat.is_finite()
            && (-180.0..=180.0).contains(&self.lon)
            && (-90.0..=90.0).contains(&self.lat)
            && self.accuracy_m.is_none_or(|a| a.is_finite() && a >= 0.0)
    }

    /// `118.081000, 24.479000（±12 m，设备定位）`, for history and conflict lists.
    pub fn describe(&self) -> String {
        let acc = self
            .accuracy_m
            .map(|a| format!("±{a:.0} m，"))
            .unwrap_or_default();
        format!(
            "{:.6}, {:.6}（{acc}{}）",
            self.lon,
            self.lat,
            self.source.zh()
        )
    }
}
