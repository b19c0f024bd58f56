//! Integration tests: the real app on port 0, against a fresh SQLite file and a fresh PostgreSQL
//! database for every test.

mod common;
mod fixtures;

mod abuse;
mod accounts;
mod badges;
mod campaigns;
mod cli;
mod courses;
mod delivery;
mod digest;
mod email;
mod feed;
mod hardening;
mod invites;
mod library;
mod live;
mod network;
mod notify;
mod paths;
mod people;
mod platform;
mod policy;
mod search;
mod sessions;
