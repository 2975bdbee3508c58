//! Hidden-danger (隐患) records: the fields of domain.md §5 that the skeleton records, their
//! numbering and validation. The full closed loop (整改 → 验收 → 闭环) builds on these types.

mod date;
mod hidden_danger;

pub use date::Date;
pub use hidden_danger::{
    next_number, DangerLevel, HiddenDanger, InvalidHiddenDanger, SCHEMA_VERSION,
};
