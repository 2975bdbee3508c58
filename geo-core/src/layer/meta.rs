use std::collections::BTreeMap;

/// What a layer is for; decides how it is drawn and whether grading reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerRole {
    /// Administrative or analysis areas (districts): drawn underneath, not graded against.
    Areas,
    /// Hazard zones with a class attribute: grading reads these.
    HazardZones,
    /// Hazard sources (major hazard installations): points drawn as markers.
    Sources,
    /// The sites being graded (enterprises).
    Sites,
}

impl LayerRole {
    /// The role's key as written in the layer metadata.
    pub fn key(self) -> &'static str {
        match self {
            LayerRole::Areas => "areas",
            LayerRole::HazardZones => "hazard_zones",
            LayerRole::Sources => "sources",
            LayerRole::Sites => "sites",
        }
    }

    /// Parses a metadata key; unknown keys are `None` so the caller can report them.
    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Areas, Self::HazardZones, Self::Sources, Self::Sites]
            .into_iter()
            .find(|r| r.key() == key)
    }
}

/// Everything the engine must know about a layer besides its features.
///
/// Files carry it in a `"xiantu"` member of the FeatureCollection; a plain GeoJSON
/// gets defaults (role: sites, name from the file name).
#[derive(Debug, Clone, PartialEq)]
pub struct LayerMeta {
    /// Stable id, unique within a project (the demo uses the file stem).
    pub id: String,
    /// Name shown in the layer list and in reports.
    pub name: String,
    pub role: LayerRole,
    /// The property holding a feature's display name.
    pub name_field: String,
    /// For hazard zones: the property holding the class (高/中/低, 高易发 …).
    pub class_field: Option<String>,
    /// For hazard zones: class label → level, 3 the most severe. A class missing here is
    /// not a hazard (level 0), so a new label in a file never silently raises a grade.
    pub class_levels: BTreeMap<String, u8>,
    /// True for generated demo data, so the UI and reports can say the data is fictional.
    pub fictional: bool,
    /// Where the data came from, for the report appendix.
    pub source: String,
    /// What the import warned about (skipped features, a guessed CRS …), for the same
    /// appendix: a reader of the report must see what the data lost on the way in.
    pub warnings: Vec<String>,
}

impl LayerMeta {
    /// Defaults for a layer that came without metadata.
    pub fn new(id: &str, name: &str, role: LayerRole) -> Self {
        LayerMeta {
            id: id.to_string(),
            name: name.to_string(),
            role,
            name_field: "name".to_string(),
            class_field: None,
            class_levels: BTreeMap::new(),
            fictional: false,
            source: String::new(),
            warnings: Vec::new(),
        }
    }

    /// Makes `field` the class field. The levels the file declared for that field stand;
    /// otherwise (another field, or none declared) they are guessed from `labels`.
    pub fn use_class_field<'a>(&mut self, field: &str, labels: impl IntoIterator<Item = &'a str>) {
        if self.class_field.as_deref() != Some(field) || self.class_levels.is_empty() {
            self.class_levels = Self::guess_class_levels(labels);
        }
        self.class_field = Some(field.to_string());
    }

    /// Guesses levels for class labels found in a user's file: 极高/高/high → 3, 中/较高/
    /// medium → 2, 低/较低/low → 1, anything else 0 (not a hazard until the user says so).
    /// The import dialog shows the result and the user can change it.
    pub fn guess_class_levels<'a>(
        labels: impl IntoIterator<Item = &'a str>,
    ) -> BTreeMap<String, u8> {
        labels
            .into_iter()
            .map(|l| {
                let t = l.trim().to_lowercase();
                let level = if t.contains('低') || t.contains("low") {
                    1
                } else if t.contains('中')
                    || t.contains("较高")
                    || t.contains("medium")
                    || t.contains("moderate")
                {
                    2
                } else if t.contains('高')
                    || t.contains("high")
                    || t.contains("极")
                    || t.contains('大')
                {
                    3
                } else {
                    0
                };
                (l.trim().to_string(), level)
            })
            .collect()
    }

    /// The level of a class label, 0 when the label is unknown.
    pub fn level_of(&self, class: &str) -> u8 {
        self.class_levels.get(class.trim()).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guess_class_levels_from_common_labels() {
        let g = LayerMeta::guess_class_levels([
            "高",
            "中",
            "低",
            "高易发",
            "中易发",
            "低易发",
            "较低",
            "High",
            "其他",
            "危险性大",
        ]);
        assert_eq!(g["高"], 3);
        assert_eq!(g["中"], 2);
        assert_eq!(g["低"], 1);
        assert_eq!(g["高易发"], 3);
        assert_eq!(g["中易发"], 2);
        assert_eq!(g["低易发"], 1);
        assert_eq!(g["较低"], 1);
        assert_eq!(g["High"], 3);
        assert_eq!(g["其他"], 0);
        assert_eq!(g["危险性大"], 3);
    }
}
