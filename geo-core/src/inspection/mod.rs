//! Inspections and hidden dangers (隐患排查治理), domain.md §5.
//!
//! An [`Inspection`] walks a site with [`ChecklistTemplate`]s (built in for the twelve
//! [`Category`]s, or imported); each 不符合 answer can become a [`HiddenDanger`], the ledger
//! record, which goes through the closed loop 待整改 → 整改中 → 待验收 → 已闭环
//! ([`Transition`]) with its [`HistoryEntry`]s. [`ledger`] filters records and computes the
//! KPIs; [`merge`] combines records from two devices; [`project_file`] carries records,
//! inspections, templates and photos between devices as one zip. Stored records of older
//! shapes are read through [`migrate`].

/// Checklist templates, built in and imported.
pub mod checklist;
pub use checklist::{
    builtin_templates, export_templates, import_templates, validate_templates, ChecklistItem,
    ChecklistTemplate, InvalidTemplate, TemplateError, TemplateProblem, TEMPLATE_FORMAT,
    TEMPLATE_VERSION,
};
/// Editing one user template.
mod template_edit;
pub use template_edit::{Direction, FieldProblem, TemplateField, NEW_TEMPLATE_NAME};
/// Hidden-danger and checklist categories.
mod category;
pub use category::Category;
/// Calendar dates.
mod date;
pub use date::Date;
/// The ledger record.
mod hidden_danger;
pub use hidden_danger::{
    field_label, EditError, HiddenDanger, InvalidHiddenDanger, Signatures, SCHEMA_VERSION,
};
/// Record histories.
mod history;
pub use history::{short_text, Change, FieldChange, HistoryEntry, Trail, COALESCE_MS};
/// Ids with a device part (inspections, images).
mod ids;
pub use ids::{
    image_id, inspection_id_date, next_inspection_id, parse_inspection_id, DeviceId, IdError,
    InspectionId, DEVICE_ID_LEN,
};
/// Ledger filters and KPIs.
pub mod ledger;
pub use ledger::{kpis, LedgerFilter, LedgerKpis};
/// Danger levels, built in and configured.
mod level;
pub use level::{
    records_with_level, DangerLevel, LevelAction, LevelConfig, LevelConfigError, LevelError,
    LEVEL_CONFIG_VERSION,
};
/// Coordinates of a record.
mod location;
pub use location::{Location, LocationSource};
/// Merging records from two devices.
pub mod merge;
pub use merge::{
    keep_both_unrelated, merge_dangers, merge_inspections, Conflict, Mergeable, Merged, Side,
};
/// Upgrading stored records.
mod migrate;
pub use migrate::{migrate, MigrationError};
/// Amounts in 元 and fen.
pub mod money;
/// Record numbers.
mod numbering;
pub mod pin;
pub use numbering::{next_number, parse_number, DangerNumber, NumberError};
/// Images no record refers to any more.
mod orphans;
pub use orphans::{dropped_images, orphaned_images};
/// Photo references.
mod photo;
pub use photo::{is_valid_photo_id, PhotoRef, MAX_PHOTOS};
/// The six-item plan for 重大 dangers.
mod plan;
pub use plan::{GovernancePlan, PlanItem};
/// The project file (zip).
pub mod project_file;
pub use project_file::{
    read_project_file, write_project_file, write_project_file_with, ImportedProject, Manifest,
    ProjectContents, ProjectFileError, PROJECT_FORMAT, PROJECT_VERSION,
};
/// The closed loop.
mod status;
pub use status::{Acceptance, Missing, Status, Transition, TransitionError};
/// Inspections.
mod visit;
pub use visit::{
    Answer, Inspection, InspectionError, InspectionHeader, InspectionItem, InspectionType,
    InvalidInspection, INSPECTION_SCHEMA_VERSION,
};
