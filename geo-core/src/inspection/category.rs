//! 隐患类别: the checklist categories of domain.md §5.3 that the built-in templates cover.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A hidden-danger or checklist category, serialised by its Chinese name.
///
/// Ledgers in the field use more (承包商, 6S, 厂内交通 …), so any other name is kept as
/// [`Category::Other`] instead of being refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Fire,
    Electrical,
    HazardousChemicals,
    SpecialEquipment,
    ConfinedSpace,
    WorkAtHeight,
    CombustibleDust,
    LightningStatic,
    OccupationalHealth,
    Emergency,
    SafetySigns,
    Management,
    Other(String),
}

impl Category {
    /// The built-in categories in the order forms and reports list them.
    pub const BUILT_IN: [Category; 12] = [
        Category::Fire,
        Category::Electrical,
        Category::HazardousChemicals,
        Category::SpecialEquipment,
        Category::ConfinedSpace,
        Category::WorkAtHeight,
        Category::CombustibleDust,
        Category::LightningStatic,
        Category::OccupationalHealth,
        Category::Emergency,
        Category::SafetySigns,
        Category::Management,
    ];

    pub fn name(&self) -> &str {
        match self {
            Category::Fire => "消防",
            Category::Electrical => "电气安全",
            Category::HazardousChemicals => "危险化学品",
            Category::SpecialEquipment => "特种设备",
            Category::ConfinedSpace => "有限空间",
            Category::WorkAtHeight => "高处作业",
            Category::CombustibleDust => "粉尘防爆",
            Category::LightningStatic => "防雷防静电",
            Category::OccupationalHealth => "职业健康",
            Category::Emergency => "应急管理",
            Category::SafetySigns => "安全标志",
            Category::Management => "基础管理",
            Category::Other(name) => name,
        }
    }

    /// The built-in category of that name, or [`Category::Other`] for any other name.
    pub fn from_name(name: &str) -> Category {
        let name = name.trim();
        Category::BUILT_IN
            .iter()
            .find(|c| c.name() == name)
            .cloned()
            .unwrap_or_else(|| Category::Other(name.to_string()))
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(Category::from_name(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_names_round_trip() {
        for c in Category::BUILT_IN {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<Category>(&json).unwrap(), c);
        }
        assert_eq!(
            Category::from_name("承包商"),
            Category::Other("承包商".into())
        );
        assert_eq!(Category::from_name(" 消防 "), Category::Fire);
    }
}
