use std::fmt;

/// The four grades of the 双重预防 regime, ordered from least to most severe so that
/// `max` picks the worst.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Grade {
    /// 低风险, 蓝.
    #[default]
    Low,
    /// 一般风险, 黄.
    General,
    /// 较大风险, 橙.
    Larger,
    /// 重大风险, 红.
    Major,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Major, Grade::Larger, Grade::General, Grade::Low];

    /// The grade's Chinese name as printed on the four-colour map (重大风险 …).
    pub fn zh(self) -> &'static str {
        match self {
            Grade::Major => "重大风险",
            Grade::Larger => "较大风险",
            Grade::General => "一般风险",
            Grade::Low => "低风险",
        }
    }

    /// The colour's one-character name (红/橙/黄/蓝).
    pub fn colour_zh(self) -> &'static str {
        match self {
            Grade::Major => "红",
            Grade::Larger => "橙",
            Grade::General => "黄",
            Grade::Low => "蓝",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Grade::Major => "major",
            Grade::Larger => "larger",
            Grade::General => "general",
            Grade::Low => "low",
        }
    }

    /// 0 (低) … 3 (重大): the inverse of [`Grade::from_level`], for tables indexed by grade.
    pub fn level(self) -> u8 {
        match self {
            Grade::Low => 0,
            Grade::General => 1,
            Grade::Larger => 2,
            Grade::Major => 3,
        }
    }

    /// Grade for a hazard level 0–3 under the skeleton rule (3 → 重大 … 0 → 低).
    pub fn from_level(level: u8) -> Grade {
        match level {
            0 => Grade::Low,
            1 => Grade::General,
            2 => Grade::Larger,
            _ => Grade::Major,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}（{}）", self.zh(), self.colour_zh())
    }
}

/// An sRGB colour with alpha, 0–255 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    /// CSS `rgba()` text for the canvas.
    pub fn css(self) -> String {
        format!(
            "rgba({},{},{},{:.3})",
            self.0,
            self.1,
            self.2,
            self.3 as f64 / 255.0
        )
    }

    pub fn with_alpha(self, a: u8) -> Rgba {
        Rgba(self.0, self.1, self.2, a)
    }

    /// `#rrggbbaa` text (also for `<input type=color>`, which takes the first 7).
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}{:02x}", self.0, self.1, self.2, self.3)
    }

    /// `#rrggbb` (opaque) or `#rrggbbaa`; `None` for anything else.
    pub fn from_hex(s: &str) -> Option<Rgba> {
        let h = s.trim().strip_prefix('#')?;
        if !h.is_ascii() || (h.len() != 6 && h.len() != 8) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        let a = if h.len() == 8 { byte(6)? } else { 255 };
        Some(Rgba(byte(0)?, byte(2)?, byte(4)?, a))
    }
}

/// Colours as `#rrggbbaa` in saved looks and symbologies (`#[serde(with = ...)]`): readable
/// and editable by hand, while `Rgba` itself stays free of serde.
pub mod hex_colour {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    use super::Rgba;

    fn parse<E: Error>(s: &str) -> Result<Rgba, E> {
        Rgba::from_hex(s).ok_or_else(|| E::custom(format!("颜色格式错误 / bad colour: {s:?}")))
    }

    pub fn serialize<S: Serializer>(c: &Rgba, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&c.to_hex())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Rgba, D::Error> {
        parse(&String::deserialize(d)?)
    }

    /// The same for an optional colour.
    pub mod opt {
        use super::*;

        pub fn serialize<S: Serializer>(c: &Option<Rgba>, s: S) -> Result<S::Ok, S::Error> {
            match c {
                Some(c) => s.serialize_some(&c.to_hex()),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Rgba>, D::Error> {
            Option::<String>::deserialize(d)?
                .map(|s| parse(&s))
                .transpose()
        }
    }

    /// The same for a list of colours.
    pub mod vec {
        use super::*;

        pub fn serialize<S: Serializer>(v: &[Rgba], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.iter().map(|c| c.to_hex()))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Rgba>, D::Error> {
            Vec::<String>::deserialize(d)?
                .iter()
                .map(|s| parse(s))
                .collect()
        }
    }
}

/// The RGB values of the four colours. No standard fixes them (domain.md §3: UNCONFIRMED),
/// so they are configuration; the default is the set used by public implementations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub major: Rgba,
    pub larger: Rgba,
    pub general: Rgba,
    pub low: Rgba,
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            major: Rgba(0xe6, 0x30, 0x31, 255),
            larger: Rgba(0xf4, 0x84, 0x00, 255),
            general: Rgba(0xf1, 0xdd, 0x00, 255),
            low: Rgba(0x00, 0xb0, 0xf0, 255),
        }
    }
}

impl Palette {
    pub fn colour(&self, grade: Grade) -> Rgba {
        match grade {
            Grade::Major => self.major,
            Grade::Larger => self.larger,
            Grade::General => self.general,
            Grade::Low => self.low,
        }
    }
}
