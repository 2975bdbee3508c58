//! Editing one user checklist template (the app's 检查表模板 editor): new and copied
//! templates, adding, removing and moving items, and validation placed on the field it
//! is about, so the form can show each message next to its input.
//!
//! Ids are the caller's: the app makes template ids unique across devices (project files
//! merge templates by id), and item ids only need to be unique within their template, so
//! [`ChecklistTemplate::add_item`] picks the next free `item-NN`.

use std::collections::HashSet;
use std::fmt;

use super::checklist::{template_problems, BASIS_FIELD, NAME_FIELD, TEXT_FIELD};
use super::{Category, ChecklistItem, ChecklistTemplate, DangerLevel, TemplateProblem};

/// The name a new template starts with; the user renames it.
pub const NEW_TEMPLATE_NAME: &str = "新检查表";

/// Which input of the editor a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateField {
    /// The template id (made by the app, so only a clash with another template shows).
    Id,
    Name,
    Category,
    /// The list as a whole (no items).
    Items,
    /// Item `n` (0-based): its id.
    ItemId(usize),
    ItemText(usize),
    ItemBasis(usize),
}

/// A problem placed on its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: TemplateField,
    pub problem: TemplateProblem,
}

impl fmt::Display for FieldProblem {
    /// The message as the form shows it: item problems say which item (counting from 1),
    /// since the first one also becomes the save state's reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            TemplateField::ItemId(i) | TemplateField::ItemText(i) | TemplateField::ItemBasis(i) => {
                write!(f, "第 {} 项：{}", i + 1, self.problem)
            }
            _ => self.problem.fmt(f),
        }
    }
}

/// Which way [`ChecklistTemplate::move_item`] moves an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl ChecklistTemplate {
    /// A new template of `category` with one empty item: the form opens on something to
    /// type into. It is invalid (empty item text) until the user fills it in.
    pub fn blank(id: &str, category: Category) -> Self {
        let mut t = ChecklistTemplate {
            id: id.to_string(),
            name: NEW_TEMPLATE_NAME.to_string(),
            category,
            items: Vec::new(),
        };
        t.add_item();
        t
    }

    /// A copy under a new id, named "…（副本）", to edit a built-in template's items without
    /// replacing it. Items keep their ids: they only need to be unique within a template.
    pub fn copy_as(&self, id: &str) -> Self {
        ChecklistTemplate {
            id: id.to_string(),
            name: format!("{}（副本）", self.name),
            category: self.category.clone(),
            items: self.items.clone(),
        }
    }

    /// Appends an empty item of the template's category and level 一般; returns its index.
    pub fn add_item(&mut self) -> usize {
        let id = self.free_item_id();
        self.items.push(ChecklistItem {
            id,
            text: String::new(),
            basis: String::new(),
            category: self.category.clone(),
            level: DangerLevel::general(),
        });
        self.items.len() - 1
    }

    /// `item-NN` with the smallest NN above the item count that no item has.
    fn free_item_id(&self) -> String {
        let used: HashSet<&str> = self.items.iter().map(|i| i.id.as_str()).collect();
        (self.items.len() + 1..)
            .map(|n| format!("item-{n:02}"))
            .find(|id| !used.contains(id.as_str()))
            .expect("an unbounded range has a free id")
    }

    /// Removes item `index`; `None` when there is none.
    pub fn remove_item(&mut self, index: usize) -> Option<ChecklistItem> {
        (index < self.items.len()).then(|| self.items.remove(index))
    }

    /// Swaps item `index` with its neighbour; returns the item's new index, or `None` when
    /// it cannot move (first item up, last item down, no such item).
    pub fn move_item(&mut self, index: usize, dir: Direction) -> Option<usize> {
        let to = match dir {
            Direction::Up => index.checked_sub(1)?,
            Direction::Down => index + 1,
        };
        if index >= self.items.len() || to >= self.items.len() {
            return None;
        }
        self.items.swap(index, to);
        Some(to)
    }

    /// Sets the template's category. Items that had the old one follow; an item given
    /// another category (an imported file may) keeps it.
    pub fn set_category(&mut self, category: Category) {
        for item in &mut self.items {
            if item.category == self.category {
                item.category = category.clone();
            }
        }
        self.category = category;
    }

    /// Every problem of this template, placed on its field, as
    /// [`validate_templates`](crate::inspection::validate_templates) finds them. `others`
    /// are the user's other templates, whose ids this one must not take: leave out the
    /// stored version of this one.
    pub fn field_problems(&self, others: &[ChecklistTemplate]) -> Vec<FieldProblem> {
        let mut ids: HashSet<&str> = others.iter().map(|o| o.id.as_str()).collect();
        template_problems(self, &mut ids)
            .into_iter()
            .map(|(item, problem)| FieldProblem {
                field: place(item, &problem),
                problem,
            })
            .collect()
    }
}

fn place(item: Option<usize>, problem: &TemplateProblem) -> TemplateField {
    use TemplateProblem as P;
    match (item, problem) {
        (Some(i), P::TooLong { field, .. }) if *field == BASIS_FIELD => TemplateField::ItemBasis(i),
        (Some(i), P::TooLong { field, .. }) if *field == TEXT_FIELD => TemplateField::ItemText(i),
        (Some(i), P::EmptyText) => TemplateField::ItemText(i),
        (Some(i), _) => TemplateField::ItemId(i),
        (None, P::EmptyName) => TemplateField::Name,
        (None, P::TooLong { field, .. }) if *field == NAME_FIELD => TemplateField::Name,
        (None, P::EmptyCategory) => TemplateField::Category,
        (None, P::NoItems) => TemplateField::Items,
        (None, _) => TemplateField::Id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_items() -> ChecklistTemplate {
        let mut t = ChecklistTemplate::blank("tpl-1", Category::Fire);
        t.items[0].text = "灭火器完好".into();
        let i = t.add_item();
        t.items[i].text = "疏散通道畅通".into();
        t
    }

    #[test]
    fn template_edit_blank_has_one_empty_item_placed_on_its_text() {
        let t = ChecklistTemplate::blank("tpl-1", Category::Fire);
        assert_eq!(t.name, NEW_TEMPLATE_NAME);
        assert_eq!(t.items.len(), 1);
        assert_eq!(t.items[0].id, "item-01");
        assert_eq!(t.items[0].category, Category::Fire);
        let problems = t.field_problems(&[]);
        assert_eq!(
            problems,
            [FieldProblem {
                field: TemplateField::ItemText(0),
                problem: TemplateProblem::EmptyText
            }]
        );
        assert_eq!(
            problems[0].to_string(),
            "第 1 项：检查内容为空 / empty item text"
        );
    }

    #[test]
    fn template_edit_add_item_never_reuses_an_id() {
        let mut t = two_items();
        assert_eq!(t.items[1].id, "item-02");
        t.remove_item(0);
        // One item left, "item-02": the next is item-03, not a second item-02.
        let i = t.add_item();
        assert_eq!(t.items[i].id, "item-03");
        assert!(t
            .field_problems(&[])
            .iter()
            .all(|p| p.problem == TemplateProblem::EmptyText));
        assert_eq!(t.remove_item(5), None);
    }

    #[test]
    fn template_edit_move_item_up_and_down() {
        let mut t = two_items();
        let i = t.add_item();
        t.items[i].text = "应急照明完好".into();
        let texts =
            |t: &ChecklistTemplate| t.items.iter().map(|i| i.text.clone()).collect::<Vec<_>>();
        assert_eq!(t.move_item(2, Direction::Up), Some(1));
        assert_eq!(texts(&t), ["灭火器完好", "应急照明完好", "疏散通道畅通"]);
        assert_eq!(t.move_item(0, Direction::Down), Some(1));
        assert_eq!(texts(&t), ["应急照明完好", "灭火器完好", "疏散通道畅通"]);
        assert_eq!(t.move_item(0, Direction::Up), None);
        assert_eq!(t.move_item(2, Direction::Down), None);
        assert_eq!(t.move_item(7, Direction::Up), None);
        assert_eq!(texts(&t), ["应急照明完好", "灭火器完好", "疏散通道畅通"]);
    }

    #[test]
    fn template_edit_problems_sit_on_their_fields() {
        let mut t = two_items();
        t.name = " ".into();
        t.category = Category::Other(String::new());
        t.items[1].text = "".into();
        t.items[0].basis = "条".repeat(1001);
        let other = ChecklistTemplate::blank("tpl-1", Category::Fire);
        let fields: Vec<TemplateField> = t
            .field_problems(std::slice::from_ref(&other))
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            [
                TemplateField::Id,
                TemplateField::Name,
                TemplateField::Category,
                TemplateField::ItemBasis(0),
                TemplateField::ItemText(1),
            ]
        );
        t.items.clear();
        assert!(t
            .field_problems(&[])
            .iter()
            .any(|p| p.field == TemplateField::Items && p.problem == TemplateProblem::NoItems));
    }

    #[test]
    fn template_edit_copy_gets_the_new_id_and_keeps_items() {
        let fire = &crate::inspection::builtin_templates()[0];
        let copy = fire.copy_as("tpl-9");
        assert_eq!(copy.id, "tpl-9");
        assert_eq!(copy.name, format!("{}（副本）", fire.name));
        assert_eq!(copy.items, fire.items);
        assert_eq!(copy.field_problems(std::slice::from_ref(fire)), []);
    }

    #[test]
    fn template_edit_category_change_carries_items_that_followed_it() {
        let mut t = two_items();
        t.items[1].category = Category::Other("厨房".into());
        t.set_category(Category::Electrical);
        assert_eq!(t.category, Category::Electrical);
        assert_eq!(t.items[0].category, Category::Electrical);
        assert_eq!(t.items[1].category, Category::Other("厨房".into()));
    }
}
