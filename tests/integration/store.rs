//! The settings store on a real SQLite file.

use berth::store::Store;

#[tokio::test]
async fn settings_survive_reopening_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("berth.sqlite3");

    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.setting::<String>("docker.endpoint").await.unwrap(), None, "empty at first");
    store.set_setting("docker.endpoint", &"unix:///a.sock").await.unwrap();
    store.set_setting("docker.endpoint", &"unix:///b.sock").await.unwrap();
    store.close().await;

    let reopened = Store::open(&path).await.unwrap();
    let value = reopened.setting::<String>("docker.endpoint").await.unwrap();
    assert_eq!(value.as_deref(), Some("unix:///b.sock"), "the last value wins and persists");
}

#[tokio::test]
async fn an_unreadable_setting_is_an_error_not_a_default() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("berth.sqlite3")).await.unwrap();
    store.set_setting("window.width", &"wide").await.unwrap();

    let error = store.setting::<u32>("window.width").await.unwrap_err();

    assert!(error.to_string().contains("window.width"), "names the key: {error}");
}
