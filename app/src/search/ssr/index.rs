//! The tantivy index one instance keeps in its data folder: its schema, its writer and readers, and
//! how far through the database it has read.

use crate::search::types::HitKind;
use serde::{Deserialize, Serialize};
use std::{
    collections::{HashMap, HashSet, hash_map::Entry},
    path::Path,
    sync::{Arc, Mutex},
};
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument,
    Term,
    collector::{Count, TopDocs},
    directory::MmapDirectory,
    query::{
        AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
    },
    schema::{
        FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
        TextOptions, Value,
    },
    snippet::SnippetGenerator,
};

/// Bumped whenever the schema or what goes into documents changes: the index is then rebuilt.
const VERSION: u32 = 2;
/// How many of the best text matches a plain search reads before checking the reader's scopes.
const CANDIDATES: usize = 200;
/// The writer's memory budget. Each time it fills, a segment is written; a small budget makes a
/// rebuild of a million documents write (and then merge) hundreds of them.
const WRITER_BYTES: usize = 64_000_000;

/// How far the index has read: the last event (for posts) and the last change time of library
/// items and people it has seen. Kept in each commit, so a restart resumes where it stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub version: u32,
    pub events: i64,
    /// Microseconds since the epoch.
    pub items: i64,
    /// Microseconds since the epoch.
    pub people: i64,
}

/// A document to index.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: HitKind,
    pub id: i64,
    /// Who may find it, as a scope term: `company`, `group:7`, `category:3` or `people`.
    pub scope: String,
    pub title: String,
    pub body: String,
    pub author: i64,
    pub created: chrono::DateTime<chrono::Utc>,
}

/// A match: what it is and its highlighted excerpt.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: HitKind,
    pub id: i64,
    pub snippet_html: String,
}

/// What a query may match besides its text.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// The scopes the reader may open; nothing outside them is returned.
    pub scopes: Vec<String>,
    pub kind: Option<HitKind>,
    pub author: Option<i64>,
    pub since: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    scope: Field,
    id: Field,
    title: Field,
    body: Field,
    author: Field,
    created: Field,
}

/// The index, cheap to clone; every call blocks, so async code runs them on the blocking pool.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

struct Inner {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let english = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        key: builder.add_text_field("key", STRING),
        kind: builder.add_text_field("kind", STRING | STORED),
        // Fast, so a plain search can check a candidate's scope without opening the document.
        scope: builder.add_text_field("scope", STRING | FAST),
        id: builder.add_i64_field("id", STORED),
        title: builder.add_text_field("title", english.clone()),
        body: builder.add_text_field("body", english),
        author: builder.add_i64_field("author", INDEXED),
        created: builder.add_date_field("created", INDEXED | FAST),
    };
    (builder.build(), fields)
}

fn key(kind: HitKind, id: i64) -> String {
    format!("{}:{id}", kind.as_str())
}

fn date(moment: chrono::DateTime<chrono::Utc>) -> DateTime {
    DateTime::from_timestamp_secs(moment.timestamp())
}

impl SearchIndex {
    /// Opens the index in `dir`, or makes an empty one there when it is missing or was written
    /// with another schema. Returns where it had read to, when it is up to date with this version.
    pub fn open(dir: &Path) -> tantivy::Result<(SearchIndex, Option<Cursor>)> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = match Index::open_or_create(MmapDirectory::open(dir)?, schema.clone()) {
            Ok(index) => index,
            Err(tantivy::TantivyError::SchemaError(_)) => {
                std::fs::remove_dir_all(dir)?;
                std::fs::create_dir_all(dir)?;
                Index::create_in_dir(dir, schema)?
            }
            Err(error) => return Err(error),
        };
        let cursor = index
            .load_metas()?
            .payload
            .and_then(|payload| serde_json::from_str::<Cursor>(&payload).ok())
            .filter(|cursor| cursor.version == VERSION);
        let writer = index.writer_with_num_threads(1, WRITER_BYTES)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let inner = Inner {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
        };
        Ok((
            SearchIndex {
                inner: Arc::new(inner),
            },
            cursor,
        ))
    }

    /// A cursor for this version of the index.
    pub fn cursor(
        events: i64,
        items: chrono::DateTime<chrono::Utc>,
        people: chrono::DateTime<chrono::Utc>,
    ) -> Cursor {
        Cursor {
            version: VERSION,
            events,
            items: items.timestamp_micros(),
            people: people.timestamp_micros(),
        }
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        // A panic while writing leaves nothing half-done that a later commit would keep.
        self.inner
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Empties the index before a rebuild.
    pub fn clear(&self) -> tantivy::Result<()> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Puts documents in (replacing earlier ones with the same key) and takes others out.
    pub fn apply(&self, add: Vec<Doc>, remove: Vec<(HitKind, i64)>) -> tantivy::Result<()> {
        let fields = self.inner.fields;
        let writer = self.writer();
        for (kind, id) in remove
            .into_iter()
            .chain(add.iter().map(|doc| (doc.kind, doc.id)))
        {
            writer.delete_term(Term::from_field_text(fields.key, &key(kind, id)));
        }
        drop(writer);
        self.insert(add)
    }

    /// Puts documents into an index that cannot hold them yet (one just emptied for a rebuild),
    /// without the deletes `apply` needs: a million of those would dominate a rebuild.
    pub fn insert(&self, add: Vec<Doc>) -> tantivy::Result<()> {
        let fields = self.inner.fields;
        let writer = self.writer();
        for doc in add {
            let mut document = TantivyDocument::default();
            document.add_text(fields.key, key(doc.kind, doc.id));
            document.add_text(fields.kind, doc.kind.as_str());
            document.add_text(fields.scope, &doc.scope);
            document.add_i64(fields.id, doc.id);
            document.add_text(fields.title, &doc.title);
            document.add_text(fields.body, &doc.body);
            document.add_i64(fields.author, doc.author);
            document.add_date(fields.created, date(doc.created));
            writer.add_document(document)?;
        }
        Ok(())
    }

    /// Makes what was applied durable and visible, remembering `cursor`.
    pub fn commit(&self, cursor: &Cursor) -> tantivy::Result<()> {
        let mut writer = self.writer();
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(cursor).unwrap_or_default());
        prepared.commit()?;
        drop(writer);
        self.inner.reader.reload()
    }

    /// The best `limit` matches of `text` within `filters`, and how many matched in all when they
    /// were counted (`None`: more than `limit`). Documents with every word come first; when none
    /// has them all, those with any of them.
    pub fn search(
        &self,
        text: &str,
        filters: &Filters,
        limit: usize,
    ) -> tantivy::Result<(Vec<Found>, Option<u64>)> {
        let text = &plain_words(text);
        let every = self.search_with(text, filters, limit, true)?;
        if !every.0.is_empty() || !text.trim().contains(char::is_whitespace) {
            return Ok(every);
        }
        self.search_with(text, filters, limit, false)
    }

    fn search_with(
        &self,
        text: &str,
        filters: &Filters,
        limit: usize,
        every_word: bool,
    ) -> tantivy::Result<(Vec<Found>, Option<u64>)> {
        let fields = self.inner.fields;
        let mut parser = QueryParser::for_index(&self.inner.index, vec![fields.title, fields.body]);
        parser.set_field_boost(fields.title, 2.0);
        if every_word {
            parser.set_conjunction_by_default();
        }
        let (asked, _) = parser.parse_query_lenient(text);
        let searcher = self.inner.reader.searcher();
        // No words: everything within the filters (a person's posts, a category's items).
        let words = (!text.trim().is_empty()).then_some(&*asked);
        let plain = filters.kind.is_none() && filters.author.is_none() && filters.since.is_none();
        let best = match words {
            Some(words) if plain => self.best_in_scope(&searcher, words, filters, limit)?,
            _ => None,
        };
        let (top, total) = match best {
            Some(best) => best,
            None => self.filtered(&searcher, words, filters, limit)?,
        };
        let mut snippets = SnippetGenerator::create(&searcher, &*asked, fields.body)?;
        snippets.set_max_num_chars(220);
        let mut found = Vec::with_capacity(top.len());
        for address in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let kind = document
                .get_first(fields.kind)
                .and_then(|value| value.as_str())
                .and_then(HitKind::parse);
            let id = document
                .get_first(fields.id)
                .and_then(|value| value.as_i64());
            let (Some(kind), Some(id)) = (kind, id) else {
                continue;
            };
            let mut snippet = snippets.snippet_from_doc(&document);
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            found.push(Found {
                kind,
                id,
                snippet_html: snippet.to_html(),
            });
        }
        Ok((found, total))
    }

    /// A search with only the reader's scopes to respect, the common case, done cheaply: the best
    /// `CANDIDATES` text matches (which tantivy finds without scoring every match, by skipping
    /// blocks that cannot make the top), then those the reader may open. `None` when too few of
    /// them are: the reader sees little of what matches, and the filtered search is the way.
    fn best_in_scope(
        &self,
        searcher: &Searcher,
        asked: &dyn Query,
        filters: &Filters,
        limit: usize,
    ) -> tantivy::Result<Option<(Vec<DocAddress>, Option<u64>)>> {
        // One more than is read, to know whether there were more.
        let mut candidates =
            searcher.search(asked, &TopDocs::with_limit(CANDIDATES + 1).order_by_score())?;
        let every_match_read = candidates.len() <= CANDIDATES;
        candidates.truncate(CANDIDATES);
        let scopes: HashSet<&str> = filters.scopes.iter().map(String::as_str).collect();
        let mut columns = HashMap::new();
        let mut scope = String::new();
        let mut kept = Vec::new();
        for (_, address) in &candidates {
            let column = match columns.entry(address.segment_ord) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => entry.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .str("scope")?,
                ),
            };
            let Some(column) = column else {
                continue;
            };
            let mut ords = column.term_ords(address.doc_id);
            if ords.any(|ord| {
                column.ord_to_str(ord, &mut scope).unwrap_or(false) && scopes.contains(&*scope)
            }) {
                kept.push(*address);
            }
        }
        if !every_match_read && kept.len() < limit {
            return Ok(None);
        }
        let total = every_match_read.then_some(kept.len() as u64);
        kept.truncate(limit);
        Ok(Some((kept, total)))
    }

    /// The best `limit` matches of `words` (or any document) within every filter, and how many
    /// there are.
    fn filtered(
        &self,
        searcher: &Searcher,
        words: Option<&dyn Query>,
        filters: &Filters,
        limit: usize,
    ) -> tantivy::Result<(Vec<DocAddress>, Option<u64>)> {
        let fields = self.inner.fields;
        let filter = |query: Box<dyn Query>| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
        };
        let mut clauses = vec![
            (
                Occur::Must,
                match words {
                    Some(words) => words.box_clone(),
                    None => Box::new(AllQuery),
                },
            ),
            // Term queries rather than a term set: a set reads every posting of every scope
            // (a million for the company feed) into a bitset on each search, where term queries
            // let the intersection skip to the documents the words match.
            filter(Box::new(BooleanQuery::new(
                filters
                    .scopes
                    .iter()
                    .map(|scope| {
                        let term: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(fields.scope, scope),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, term)
                    })
                    .collect(),
            ))),
        ];
        if let Some(kind) = filters.kind {
            clauses.push(filter(Box::new(TermQuery::new(
                Term::from_field_text(fields.kind, kind.as_str()),
                IndexRecordOption::Basic,
            ))));
        }
        if let Some(author) = filters.author {
            clauses.push(filter(Box::new(TermQuery::new(
                Term::from_field_i64(fields.author, author),
                IndexRecordOption::Basic,
            ))));
        }
        if let Some(since) = filters.since {
            clauses.push(filter(Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_date(fields.created, date(since))),
                std::ops::Bound::Unbounded,
            ))));
        }
        let (top, total) = searcher.search(
            &BooleanQuery::new(clauses),
            &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
        )?;
        Ok((
            top.into_iter().map(|(_, address)| address).collect(),
            Some(total as u64),
        ))
    }
}

/// Words in one search, at most.
const MAX_WORDS: usize = 16;

/// What a person typed, as plain lower-case words: tantivy's query syntax (fields, ranges,
/// wildcards, phrases, AND/OR/NOT) would let one search ask for a scan of the whole index.
fn plain_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(MAX_WORDS)
        .map(|word| word.chars().take(40).collect::<String>().to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn searches_are_plain_words_whatever_was_typed() {
        assert_eq!(
            plain_words("title:[a TO z] OR fo* AND \"pass word\" -x +y NOT z"),
            "title a to z or fo and pass word x y not z"
        );
        assert_eq!(plain_words("  "), "");
        assert_eq!(plain_words(&"w ".repeat(100)).split(' ').count(), MAX_WORDS);
    }

    use super::*;

    fn post(id: i64, scope: &str, body: &str) -> Doc {
        Doc {
            kind: HitKind::Post,
            id,
            scope: scope.into(),
            title: String::new(),
            body: body.into(),
            author: 1,
            created: chrono::Utc::now(),
        }
    }

    fn index_of(docs: Vec<Doc>) -> (tempfile::TempDir, SearchIndex) {
        let dir = tempfile::tempdir().unwrap();
        let (index, _) = SearchIndex::open(dir.path()).unwrap();
        index.insert(docs).unwrap();
        index
            .commit(&SearchIndex::cursor(
                0,
                chrono::Utc::now(),
                chrono::Utc::now(),
            ))
            .unwrap();
        (dir, index)
    }

    fn company() -> Filters {
        Filters {
            scopes: vec!["company".into()],
            ..Filters::default()
        }
    }

    fn ids(found: &[Found]) -> Vec<i64> {
        let mut ids: Vec<i64> = found.iter().map(|hit| hit.id).collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn a_few_matches_are_counted_and_only_those_in_scope_come_back() {
        let (_dir, index) = index_of(vec![
            post(1, "company", "Trains are late"),
            post(2, "group:7", "Trains in a private group"),
            post(3, "company", "Booking trains"),
            post(4, "company", "Buses"),
        ]);
        let (found, total) = index.search("trains", &company(), 40).unwrap();
        assert_eq!(ids(&found), vec![1, 3]);
        assert_eq!(total, Some(2));
    }

    #[test]
    fn many_matches_fill_the_page_without_being_counted() {
        let docs = (1..=CANDIDATES as i64 + 50)
            .map(|id| post(id, "company", "Lunch is served"))
            .collect();
        let (_dir, index) = index_of(docs);
        let (found, total) = index.search("lunch", &company(), 40).unwrap();
        assert_eq!(found.len(), 40);
        assert_eq!(total, None);
    }

    #[test]
    fn as_many_matches_as_are_read_are_still_counted() {
        let docs = (1..=CANDIDATES as i64)
            .map(|id| post(id, "company", "Lunch is served"))
            .collect();
        let (_dir, index) = index_of(docs);
        let (found, total) = index.search("lunch", &company(), 40).unwrap();
        assert_eq!(found.len(), 40);
        assert_eq!(total, Some(CANDIDATES as u64));
    }

    #[test]
    fn a_reader_who_sees_little_of_many_matches_still_finds_it() {
        let mut docs: Vec<Doc> = (1..=CANDIDATES as i64 * 2)
            .map(|id| post(id, "group:9", "The launch plan, in private"))
            .collect();
        docs.push(post(10_000, "company", "The launch plan"));
        let (_dir, index) = index_of(docs);
        let (found, total) = index.search("launch plan", &company(), 40).unwrap();
        assert_eq!(ids(&found), vec![10_000]);
        assert_eq!(total, Some(1));
    }
}
