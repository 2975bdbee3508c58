//! 重大隐患治理方案: the six items 16号令 requires before a 重大 danger is worked on.

use serde::{Deserialize, Serialize};

/// The six-item governance plan of a 重大 hidden danger (domain.md §5.1). Empty strings
/// are unfilled items; a 一般 record leaves it empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GovernancePlan {
    /// 治理的目标和任务
    pub goals: String,
    /// 采取的方法和措施
    pub methods: String,
    /// 经费和物资的落实
    pub funds_and_materials: String,
    /// 负责治理的机构和人员
    pub organisation: String,
    /// 治理的时限和要求
    pub time_limit: String,
    /// 安全措施和应急预案
    pub safety_and_emergency: String,
}

/// One of the six plan items, to point a form at what is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanItem {
    Goals,
    Methods,
    FundsAndMaterials,
    Organisation,
    TimeLimit,
    SafetyAndEmergency,
}

impl PlanItem {
    pub const ALL: [PlanItem; 6] = [
        PlanItem::Goals,
        PlanItem::Methods,
        PlanItem::FundsAndMaterials,
        PlanItem::Organisation,
        PlanItem::TimeLimit,
        PlanItem::SafetyAndEmergency,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            PlanItem::Goals => "治理的目标和任务",
            PlanItem::Methods => "采取的方法和措施",
            PlanItem::FundsAndMaterials => "经费和物资的落实",
            PlanItem::Organisation => "负责治理的机构和人员",
            PlanItem::TimeLimit => "治理的时限和要求",
            PlanItem::SafetyAndEmergency => "安全措施和应急预案",
        }
    }

    /// The field's key, as history and conflict lists name it.
    pub fn key(self) -> &'static str {
        match self {
            PlanItem::Goals => "plan.goals",
            PlanItem::Methods => "plan.methods",
            PlanItem::FundsAndMaterials => "plan.funds_and_materials",
            PlanItem::Organisation => "plan.organisation",
            PlanItem::TimeLimit => "plan.time_limit",
            PlanItem::SafetyAndEmergency => "plan.safety_and_emergency",
        }
    }
}

impl GovernancePlan {
    pub fn get(&self, item: PlanItem) -> &str {
        match item {
            PlanItem::Goals => &self.goals,
            PlanItem::Methods => &self.methods,
            PlanItem::FundsAndMaterials => &self.funds_and_materials,
            PlanItem::Organisation => &self.organisation,
            PlanItem::TimeLimit => &self.time_limit,
            PlanItem::SafetyAndEmergency => &self.safety_and_emergency,
        }
    }

    /// The items still blank (whitespace counts as blank), in the regulation's order.
    pub fn missing(&self) -> Vec<PlanItem> {
        PlanItem::ALL
            .into_iter()
            .filter(|&i| self.get(i).trim().is_empty())
            .collect()
    }

    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_missing_lists_blank_items_in_order() {
        let mut p = GovernancePlan {
            goals: "消除储罐区防火堤破损".into(),
            methods: " ".into(),
            ..Default::default()
        };
        assert_eq!(p.missing().len(), 5);
        assert_eq!(p.missing()[0], PlanItem::Methods);
        for i in PlanItem::ALL {
            if p.get(i).trim().is_empty() {
                match i {
                    PlanItem::Goals => p.goals = "x".into(),
                    PlanItem::Methods => p.methods = "x".into(),
                    PlanItem::FundsAndMaterials => p.funds_and_materials = "x".into(),
                    PlanItem::Organisation => p.organisation = "x".into(),
                    PlanItem::TimeLimit => p.time_limit = "x".into(),
                    PlanItem::SafetyAndEmergency => p.safety_and_emergency = "x".into(),
                }
            }
        }
        assert!(p.is_complete());
    }
}
