mod bell;

pub use bell::Bell;
