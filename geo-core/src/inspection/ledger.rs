//! The hidden-danger ledger (隐患排查治理台账): filters and the KPIs reports print.

use super::{Category, Date, HiddenDanger, Status};

/// Which records to list; every `None`/`false` criterion lets all records through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerFilter {
    pub site_id: Option<String>,
    pub status: Option<Status>,
    /// A level name (一般, 重大, 重点 …).
    pub level: Option<String>,
    /// Only 重大 levels (including configured major ones such as 一级重大).
    pub major_only: bool,
    pub category: Option<Category>,
    /// Only records overdue on this day.
    pub overdue_on: Option<Date>,
}

impl LedgerFilter {
    pub fn matches(&self, d: &HiddenDanger) -> bool {
        self.site_id.as_ref().is_none_or(|s| *s == d.site_id)
            && self.status.is_none_or(|s| s == d.status())
            && self.level.as_ref().is_none_or(|l| l == d.level.name())
            && (!self.major_only || d.level.is_major())
            && self
                .category
                .as_ref()
                .is_none_or(|c| d.category.as_ref() == Some(c))
            && self.overdue_on.is_none_or(|today| d.is_overdue(today))
    }

    /// The matching records, in the order given.
    pub fn apply<'a>(&self, records: &'a [HiddenDanger]) -> Vec<&'a HiddenDanger> {
        records.iter().filter(|d| self.matches(d)).collect()
    }
}

/// The ledger's figures for a set of records.
///
/// **已整改 counts 已闭环 only.** A record 待验收 has been worked on but nobody has checked
/// the result, and a 退回 sends it back; counting it would let the rate fall again later. It
/// is counted apart, in `awaiting_acceptance`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LedgerKpis {
    /// 查出隐患数
    pub found: usize,
    /// 重大隐患数
    pub major: usize,
    /// 已整改数 (已闭环)
    pub rectified: usize,
    pub major_rectified: usize,
    /// 待验收
    pub awaiting_acceptance: usize,
    /// 逾期未整改, on the day given.
    pub overdue: usize,
    /// 隐患整改率 = 已整改 / 查出, 0–1; `None` when nothing was found.
    pub rectification_rate: Option<f64>,
    /// 重大隐患整改率, 0–1; `None` when there is no 重大 record.
    pub major_rectification_rate: Option<f64>,
    /// 整改资金 total in fen, over every record (planned or spent, as entered).
    pub funds_fen: u64,
}

/// The KPIs of `records` (filter first for a site, a period or a category) on `today`.
pub fn kpis<'a>(records: impl IntoIterator<Item = &'a HiddenDanger>, today: Date) -> LedgerKpis {
    let mut k = LedgerKpis::default();
    for d in records {
        let major = d.level.is_major();
        k.found += 1;
        k.major += usize::from(major);
        if d.is_closed() {
            k.rectified += 1;
            k.major_rectified += usize::from(major);
        }
        k.awaiting_acceptance += usize::from(d.status() == Status::AwaitingAcceptance);
        k.overdue += usize::from(d.is_overdue(today));
        k.funds_fen = k.funds_fen.saturating_add(d.funds_fen);
    }
    let rate = |part: usize, whole: usize| (whole > 0).then(|| part as f64 / whole as f64);
    k.rectification_rate = rate(k.rectified, k.found);
    k.major_rectification_rate = rate(k.major_rectified, k.major);
    k
}
