//! The courses' pages.

mod course_page;
mod courses_page;
mod lesson_page;

pub use course_page::CoursePage;
pub use courses_page::CoursesPage;
pub use lesson_page::LessonPage;

/// "2 of 5 lessons done", for a progress bar's words.
pub fn progress_words(done: u32, lessons: u32) -> String {
    format!("{done} of {lessons} lessons done")
}

/// Done lessons as a whole percentage.
pub fn percent(done: u32, lessons: u32) -> u32 {
    (done * 100).checked_div(lessons).unwrap_or(0)
}
