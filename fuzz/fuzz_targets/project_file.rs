//! Arbitrary bytes as a project file (zip), and as the JSON files it carries: reading
//! returns Ok or Err, and whatever reads back writes out and reads again the same.
#![no_main]

use geo_core::inspection::{
    import_templates, migrate, read_project_file, write_project_file, LevelConfig,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(project) = read_project_file(data) {
        let bytes = write_project_file(&project.contents, &project.manifest.created)
            .expect("what was read can be written");
        let again = read_project_file(&bytes).expect("what was written can be read");
        assert_eq!(again.contents, project.contents);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = import_templates(text);
        let _ = LevelConfig::from_json(text);
        if let Ok(value) = serde_json::from_str(text) {
            let _ = migrate(value);
        }
    }
});
