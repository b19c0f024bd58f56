mod bell;
mod group_level_form;

pub use bell::Bell;
pub use group_level_form::GroupLevelForm;
