//! Regenerating in place after collection edits keeps every public name that the edit does
//! not remove, and versions and reports what changed.
//!
//! Each test generates Belvo's collection into a fresh directory, edits the collection the
//! way a team would, regenerates over the first output (which holds `api.json`), and checks
//! the names kept, the version and the changelog. It also generates the edited collection
//! without a record and prints how many earlier items that loses: what a regeneration cost
//! before the record existed.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use generator::record::file::{parse_record, CHANGELOG_FILE, RECORD_FILE};
use generator::record::{ApiItem, ApiRecord};
use serde_json::Value;
use support::belvo_edits::{self as edits, belvo};

/// A scratch directory with the collection and the generated crate.
struct Project {
    _dir: tempfile::TempDir,
    collection: PathBuf,
    out: PathBuf,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        Project {
            collection: dir.path().join("collection.json"),
            out: dir.path().join("generated"),
            _dir: dir,
        }
    }

    fn config(&self) -> generator::Config {
        generator::Config {
            collection: self.collection.clone(),
            out: self.out.clone(),
            crate_name: "belvo".into(),
            check: false,
            extra_secret_fields: vec!["encryption_key".into()],
            overrides: Default::default(),
            force: false,
            crate_version: None,
            deny_breaking: false,
        }
    }

    fn generate(&self, collection: &Value) -> generator::Report {
        self.try_generate(collection, self.config())
            .unwrap_or_else(|err| panic!("generation fails: {err}"))
    }

    fn try_generate(
        &self,
        collection: &Value,
        config: generator::Config,
    ) -> Result<generator::Report, generator::Error> {
        let text = serde_json::to_string(collection).expect("collection serializes");
        std::fs::write(&self.collection, text).expect("collection is written");
        generator::generate(&config)
    }

    fn record(&self) -> ApiRecord {
        let path = self.out.join(RECORD_FILE);
        let bytes = std::fs::read(&path).expect("api.json is written");
        parse_record(&bytes, &path).expect("api.json parses")
    }

    fn changelog(&self) -> String {
        std::fs::read_to_string(self.out.join(CHANGELOG_FILE)).expect("CHANGELOG.md is written")
    }
}

/// Items of `before` that `after` lacks or has with another kind, signature or
/// exhaustiveness: what code written against `before` may no longer compile against.
fn lost(before: &BTreeMap<String, ApiItem>, after: &BTreeMap<String, ApiItem>) -> Vec<String> {
    before
        .iter()
        .filter(|(path, item)| {
            after.get(*path).is_none_or(|now| {
                now.kind != item.kind
                    || now.signature != item.signature
                    || now.non_exhaustive != item.non_exhaustive
            })
        })
        .map(|(path, _)| path.clone())
        .collect()
}

/// Generates Belvo, applies `edit`, regenerates in place; returns the records before and
/// after, the second report and the project. Prints what the edit loses without the record.
fn regenerate(
    label: &str,
    edit: impl FnOnce(&mut Value),
) -> (ApiRecord, ApiRecord, generator::Report, Project) {
    let project = Project::new();
    let mut collection = belvo();
    project.generate(&collection);
    let before = project.record();
    edit(&mut collection);
    let report = project.generate(&collection);
    let after = project.record();

    let fresh = Project::new();
    fresh.generate(&collection);
    let without_record = lost(&before.items, &fresh.record().items).len();
    let with_record = lost(&before.items, &after.items).len();
    eprintln!(
        "{label}: earlier items lost without the record {without_record}, with it {with_record}"
    );
    (before, after, report, project)
}

/// The first `## ` section of a changelog, heading included.
fn newest_section(changelog: &str) -> &str {
    let start = changelog.find("\n## ").map_or(0, |at| at + 1);
    let end = changelog[start + 3..]
        .find("\n## ")
        .map_or(changelog.len(), |at| start + 3 + at + 1);
    &changelog[start..end]
}

/// The newest changelog section is exactly these lines (blank lines aside).
fn assert_newest_section(project: &Project, expected: &[&str]) {
    let changelog = project.changelog();
    let lines: Vec<&str> = newest_section(&changelog)
        .lines()
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(lines, expected, "{changelog}");
}

fn assert_kept(before: &ApiRecord, after: &ApiRecord) {
    let lost = lost(&before.items, &after.items);
    assert!(lost.is_empty(), "lost or changed: {lost:#?}");
}

fn signature<'a>(record: &'a ApiRecord, path: &str) -> &'a str {
    &record
        .items
        .get(path)
        .unwrap_or_else(|| panic!("{path} is in the record"))
        .signature
}

#[test]
fn the_first_generation_is_0_1_0_with_a_record_and_a_changelog() {
    let project = Project::new();
    let report = project.generate(&belvo());
    let record = project.record();
    assert_eq!(record.version.to_string(), "0.1.0");
    assert_eq!(report.release.summary(), "0.1.0 (first generation)");
    assert!(record.items.contains_key("links::LinksApi::update"));
    assert!(project.changelog().contains("## 0.1.0"));
    // Regenerating an unchanged collection changes nothing, version included.
    let again = project.generate(&belvo());
    assert!(again.unchanged, "{}", again.release.summary());
    assert_eq!(project.record(), record);
}

#[test]
fn a_new_request_sharing_a_nested_shape_renames_nothing() {
    let (before, after, report, project) = regenerate(
        "new request sharing a nested shape",
        edits::new_request_sharing_a_nested_shape,
    );
    assert_kept(&before, &after);
    assert_eq!(
        signature(
            &after,
            "links::UpdatePreconditionRequired::token_generation_data"
        ),
        "Option<links::UpdateTokenGenerationData>"
    );
    assert!(after
        .items
        .contains_key("links::LinksApi::update_credentials"));
    assert_eq!(
        report.release.summary().split(',').next(),
        Some("0.1.0 → 0.1.1")
    );
    assert!(report.release.changes.breaking.is_empty());
    assert_newest_section(
        &project,
        &[
            "## 0.1.1",
            "### Added",
            "- `links::LinksApi::update_credentials` added (method)",
            "- `links::UpdateCredentialsOk` added (type alias)",
            "- `links::UpdateCredentialsPreconditionRequired` added (type alias)",
            "- `links::UpdateCredentialsRequest` added (type alias)",
            "- `links::UpdateCredentialsResponse` added (enum)",
            "- `mock::links::LinksMock::update_credentials` added (method)",
        ],
    );
}

#[test]
fn a_new_folder_sharing_types_moves_nothing() {
    let (before, after, report, project) =
        regenerate("new folder sharing types", edits::new_folder_sharing_types);
    assert_kept(&before, &after);
    // Types the new folder shares with `Links` stay in `links`, under their names.
    assert_eq!(
        signature(&after, "links_archive::LinksArchiveApi::list_all_links"),
        signature(&before, "links::LinksApi::list_all_links")
            .replace("links::ListAllLinks", "links_archive::ListAllLinks")
    );
    assert!(report.release.changes.breaking.is_empty());
    assert_newest_section(
        &project,
        &[
            "## 0.1.1",
            "### Added",
            "- `Client::links_archive` added (method)",
            "- `links_archive` added (module)",
            // The mock server's accessor and stubs mirror the client's (feature `mock`).
            "- `mock::MockServer::links_archive` added (method)",
            "- `mock::links_archive::LinksArchiveMock` added (struct)",
        ],
    );
}

#[test]
fn a_new_optional_key_in_one_use_widens_the_shared_type() {
    let (before, after, _, project) = regenerate(
        "new optional response key",
        edits::new_optional_response_key,
    );
    assert_kept(&before, &after);
    assert_eq!(
        signature(&after, "accounts::ListAllAccountsOk::results"),
        "Option<Vec<types::Account>>"
    );
    assert_eq!(
        signature(&after, "types::Account::nickname"),
        "Option<String>"
    );
    assert_newest_section(
        &project,
        &[
            "## 0.1.1",
            "### Added",
            "- `types::Account::nickname` added (field)",
        ],
    );
}

#[test]
fn reordering_folders_changes_no_public_item() {
    let (before, after, report, project) = regenerate("reversed folders", edits::reversed_folders);
    assert_eq!(before.items, after.items);
    assert!(report.release.changes.is_empty());
    // The files list the folders in their new order: a patch, no API change.
    assert_newest_section(
        &project,
        &[
            "## 0.1.1",
            "No change to the public API: documentation or implementation only.",
        ],
    );
}

#[test]
fn reordering_requests_changes_no_public_item() {
    let (before, after, report, _) = regenerate("reversed requests", edits::reversed_requests);
    assert_eq!(before.items, after.items);
    assert!(report.release.changes.is_empty());
}

#[test]
fn a_removed_request_is_breaking_and_removes_only_its_items() {
    let (before, after, _, project) = regenerate("removed request", edits::removed_request);
    let lost = lost(&before.items, &after.items);
    assert!(
        lost.iter().all(|path| path.starts_with("links::DeleteLink")
            || path == "links::LinksApi::delete_link"
            || path == "mock::links::LinksMock::delete_link"),
        "{lost:#?}"
    );
    assert_newest_section(
        &project,
        &[
            "## 0.2.0",
            "### Breaking changes",
            "- `links::DeleteLinkResponse` removed (enum)",
            "- `links::LinksApi::delete_link` removed (method)",
            "- `mock::links::LinksMock::delete_link` removed (method)",
        ],
    );
    assert!(
        project.changelog().contains("## 0.1.0"),
        "earlier sections stay"
    );
}

#[test]
fn a_retyped_field_is_breaking_and_keeps_every_name() {
    let (before, after, _, project) = regenerate("retyped field", edits::retyped_field);
    let lost = lost(&before.items, &after.items);
    assert_eq!(lost, ["links::UpdateOk::refresh_rate"]);
    assert_newest_section(
        &project,
        &[
            "## 0.2.0",
            "### Breaking changes",
            "- `links::UpdateOk::refresh_rate` changed: `Option<String>` became `Option<f64>` (field)",
        ],
    );
}

#[test]
fn a_new_request_field_is_breaking() {
    let (before, after, _, project) = regenerate("new request field", edits::new_request_field);
    assert_kept(&before, &after);
    // Optional, as every request field; still breaking: request structs are built with
    // struct literals, and one without `..Default::default()` now misses a field.
    assert_eq!(
        signature(&after, "links::UpdateRequest::otp"),
        "Option<String>"
    );
    assert_eq!(after.version.to_string(), "0.2.0");
    assert_newest_section(
        &project,
        &[
            "## 0.2.0",
            "### Breaking changes",
            "- `links::UpdateRequest::otp` added: a new field of a struct built with struct literals",
        ],
    );
}

#[test]
fn deny_breaking_writes_nothing_and_crate_version_overrides() {
    let project = Project::new();
    let mut collection = belvo();
    project.generate(&collection);
    let record = std::fs::read(project.out.join(RECORD_FILE)).expect("api.json");
    edits::removed_request(&mut collection);
    let denied = project.try_generate(
        &collection,
        generator::Config {
            deny_breaking: true,
            ..project.config()
        },
    );
    let err = denied.expect_err("a removed request is breaking");
    assert_eq!(err.exit_code(), 1);
    assert!(
        err.to_string().contains("links::LinksApi::delete_link"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(project.out.join(RECORD_FILE)).expect("api.json"),
        record
    );

    let report = project
        .try_generate(
            &collection,
            generator::Config {
                crate_version: Some("1.0.0".parse().expect("version")),
                ..project.config()
            },
        )
        .expect("generates");
    assert_eq!(report.release.version.to_string(), "1.0.0");
    let manifest = std::fs::read_to_string(project.out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("version = \"1.0.0\""), "{manifest}");
}

#[test]
fn a_broken_record_is_refused_with_its_path() {
    let project = Project::new();
    project.generate(&belvo());
    let path = project.out.join(RECORD_FILE);
    std::fs::write(
        &path,
        "{\n  \"@generated\": \"@generated by generator\", \"format\": 1 }",
    )
    .expect("write");
    let err = project
        .try_generate(&belvo(), project.config())
        .expect_err("a truncated record is refused");
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn an_override_is_reported_like_any_other_change() {
    let project = Project::new();
    let collection = belvo();
    project.generate(&collection);
    let mut config = project.config();
    config.overrides.insert(
        "links::UpdateOk::refresh_rate".into(),
        generator::lower::overrides::FieldOverride {
            ty: Some("i64".into()),
            ..Default::default()
        },
    );

    let report = project
        .try_generate(&collection, config)
        .unwrap_or_else(|err| panic!("generation fails: {err}"));

    assert_eq!(report.release.version.to_string(), "0.2.0");
    assert_newest_section(
        &project,
        &[
            "## 0.2.0",
            "### Breaking changes",
            "- `links::UpdateOk::refresh_rate` changed: `Option<String>` became `Option<i64>` (field)",
        ],
    );
}

#[test]
fn a_change_to_the_fixed_runtime_is_reported_like_any_other() {
    let project = Project::new();
    let collection = belvo();
    project.generate(&collection);
    // The record as a runtime without `with_max_retries`, and with another `json_path`,
    // would have left it.
    let mut older = project.record();
    assert!(older.items["Client::with_max_retries"].runtime);
    older.items.remove("Client::with_max_retries");
    let json_path = older.items.get_mut("Error::json_path").unwrap();
    json_path.signature = "fn(&self) -> Option<&str>".into();
    let path = project.out.join(RECORD_FILE);
    let text = generator::record::file::render_record(&older);
    std::fs::write(&path, text).unwrap();

    let report = project.generate(&collection);

    assert_eq!(report.release.version.to_string(), "0.2.0");
    assert_newest_section(
        &project,
        &[
            "## 0.2.0",
            "### Breaking changes",
            "- `Error::json_path` changed: `fn(&self) -> Option<&str>` became `fn(&self) -> Option<String>` (method)",
            "### Added",
            "- `Client::with_max_retries` added (method)",
        ],
    );
    assert_eq!(project.record().items.len(), older.items.len() + 1);
}

#[test]
fn a_new_request_named_like_a_stream_leaves_the_stream_its_name() {
    let (before, after, _, _) = regenerate(
        "new request named like a stream",
        edits::new_request_named_like_a_stream,
    );

    assert_kept(&before, &after);
    assert!(signature(&after, "links::LinksApi::list_all_links_stream").contains("Pages"));
    let added: Vec<&String> = after
        .items
        .keys()
        .filter(|path| path.starts_with("links::LinksApi::list_all_links_stream_"))
        .collect();
    assert_eq!(added.len(), 1, "the new request's method: {added:?}");
    assert!(signature(&after, added[0]).contains("Call"));
}

/// Belvo's record as naming revision 1 wrote it (crate 0.4.8): methods and types with the
/// titles' articles (`get_a_links_details`), `…RequestRequest` bodies, and 45 query structs
/// aliasing `institutions::GetAnInstitutionsDetailsQuery` from other folders.
const NAMING_1_RECORD: &str = "tests/fixtures/belvo-naming-1.api.json";

#[test]
fn a_naming_revision_1_record_retires_machine_made_names_once_and_reports_them() {
    let project = Project::new();
    std::fs::create_dir_all(&project.out).expect("output dir");
    let old_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(NAMING_1_RECORD);
    let old_bytes = std::fs::read(&old_path).expect("the revision 1 record");
    let old = parse_record(&old_bytes, &old_path).expect("it parses");
    assert_eq!(old.naming, 1);
    std::fs::write(project.out.join(RECORD_FILE), &old_bytes).expect("record is copied");

    let report = project.generate(&belvo());
    let record = project.record();
    assert_eq!(record.naming, generator::record::model::NAMING_REVISION);
    assert_eq!(
        report.release.summary().split(',').next(),
        Some("0.4.8 → 0.5.0")
    );
    // The names are those a first generation of the current rules gives, nothing else.
    let fresh = Project::new();
    fresh.generate(&belvo());
    assert_eq!(
        record.items.keys().collect::<Vec<_>>(),
        fresh.record().items.keys().collect::<Vec<_>>()
    );
    // No method keeps an article, no body is a `…RequestRequest`, no parameter struct is an
    // alias into another folder's module.
    for (path, item) in &record.items {
        let name = path.rsplit("::").next().unwrap_or(path);
        if item.kind == generator::record::ItemKind::Method {
            let words: Vec<&str> = name.split('_').collect();
            assert!(
                !words.iter().any(|w| ["a", "an", "the"].contains(w)),
                "{path}"
            );
        }
        assert!(!name.contains("RequestRequest"), "{path}");
        if item.kind == generator::record::ItemKind::TypeAlias
            && (name.ends_with("Query") || name.ends_with("Headers"))
        {
            let module = path.rsplit_once("::").map_or("", |(module, _)| module);
            let target = item.signature.rsplit_once("::").map_or("", |(m, _)| m);
            assert!(
                target == module || target == "types",
                "{path} = {}",
                item.signature
            );
        }
    }
    let shared = &record.items["types::OmitFieldsQuery"];
    assert_eq!(shared.from.len(), 46);
    // Every item whose name the old rules did not make is where it was.
    let renamed: Vec<String> = report
        .release
        .changes
        .breaking
        .iter()
        .filter(|change| change.to_string().starts_with("renamed "))
        .map(|change| change.path.clone())
        .collect();
    assert_eq!(renamed.len(), 73 * 2 + 212, "methods and stubs, types");
    let kept_elsewhere: Vec<&String> = old
        .items
        .keys()
        .filter(|path| !record.items.contains_key(*path))
        .filter(|path| {
            !renamed
                .iter()
                .any(|r| *path == r || path.starts_with(&format!("{r}::")))
        })
        .collect();
    assert!(kept_elsewhere.is_empty(), "{kept_elsewhere:#?}");
    // Each rename is one breaking line; the shared struct is new.
    let changelog = project.changelog();
    let section = newest_section(&changelog);
    for line in [
        "- renamed `links::LinksApi::get_a_links_details` → `links::LinksApi::get_links_details` (method)",
        "- renamed `mock::links::LinksMock::get_a_links_details` → `mock::links::LinksMock::get_links_details` (method)",
        "- renamed `links::GetALinksDetailsResponse` → `links::GetLinksDetailsResponse` (enum)",
        "- renamed `links::CompleteALinksRequestRequest` → `links::CompleteLinksRequestBody` (struct)",
        "- renamed `links::RegisterANewLinkQuery` → `links::RegisterNewLinkQuery` (type alias)",
        "- renamed `institutions::GetAnInstitutionsDetailsQuery` → `institutions::GetInstitutionsDetailsQuery` (struct, now a type alias)",
        "- `types::OmitFieldsQuery` added (struct)",
    ] {
        assert!(section.contains(line), "{line} in {section}");
    }
    let breaking = &section[..section.find("### Added").expect("an Added list")];
    assert!(breaking.contains("renamed `links::LinksApi::get_a_links_details`"));
    // What the API diff cannot show is said once, first: revision 2's names and decoding.
    let behaviour = &section[..section
        .find("### Breaking changes")
        .expect("a breaking list")];
    assert!(behaviour.contains("### Changed behaviour"), "{section}");
    assert!(
        behaviour.contains("a `null` item in a list is skipped"),
        "{behaviour}"
    );
    assert!(behaviour.contains("leave out the articles"), "{behaviour}");

    // The next run keeps the new names: nothing changes.
    let again = project.generate(&belvo());
    assert!(again.unchanged, "{}", again.release.summary());
    assert_eq!(project.record(), record);
}
