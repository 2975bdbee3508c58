//! Writes sample report files from the demo project and a few fictional records into a
//! directory, for checks with real readers (`tests/reports/`, run by `scripts/test.sh`):
//!
//! ```text
//! cargo run -p geo-core --example report_samples -- target/report-samples
//! ```
//!
//! Each output is one entry of [`SAMPLES`]: a file name and a function from the
//! [`inputs::Inputs`] to the bytes. A new report format is one more entry.

mod inputs;

use std::path::PathBuf;
use std::process::ExitCode;

use geo_core::export::{scored_sites_csv, scored_sites_geojson};
use geo_core::report::{ledger_xlsx, risk_register_xlsx, RiskRegister};
use geo_core::risk::Palette;

use inputs::Inputs;

/// One sample file.
struct Sample {
    file: &'static str,
    write: fn(&Inputs) -> Result<Vec<u8>, String>,
}

const SAMPLES: &[Sample] = &[
    Sample {
        file: "隐患台账.xlsx",
        write: |i| ledger_xlsx(&i.dangers, &i.inspections, i.today).map_err(|e| e.to_string()),
    },
    Sample {
        file: "风险清单.xlsx",
        write: |i| {
            risk_register_xlsx(
                &RiskRegister::from_project(&i.project),
                &Palette::default(),
                i.today,
            )
            .map_err(|e| e.to_string())
        },
    },
    Sample {
        file: "风险清单.csv",
        write: |i| Ok(scored_sites_csv(&i.project).into_bytes()),
    },
    Sample {
        file: "风险清单.geojson",
        write: |i| Ok(scored_sites_geojson(&i.project).into_bytes()),
    },
];

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: report_samples <output directory>");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let inputs = inputs::inputs();
    let mut failed = false;
    for s in SAMPLES {
        let path = dir.join(s.file);
        match (s.write)(&inputs).and_then(|b| {
            std::fs::write(&path, &b)
                .map(|()| b.len())
                .map_err(|e| e.to_string())
        }) {
            Ok(n) => println!("{} ({n} bytes)", path.display()),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
