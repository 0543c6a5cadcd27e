-- Stories (issue 5): the story each document joined, the stories with
-- what a new report is compared with, the keys they are found by, and how
-- many documents used each word (the clusterer's TF-IDF weights). Kept
-- here, a story outlives the process: a restart goes on clustering where
-- the last run stopped. Documents stored before this migration have no
-- story and are never a story's members.
ALTER TABLE documents ADD COLUMN story TEXT;
CREATE INDEX documents_story ON documents (story);

CREATE TABLE stories (
    id    TEXT PRIMARY KEY,      -- "s" and its first document's ID
    title TEXT NOT NULL,         -- the earliest published member's
    first TEXT,                  -- RFC 3339: earliest member's publication time; NULL when none is dated
    last  TEXT,
    size  INTEGER NOT NULL,      -- members
    state BLOB NOT NULL          -- what a report is compared with: centroid words and weights, entities (stories.go)
) WITHOUT ROWID;
CREATE INDEX stories_first ON stories (first);

-- A story is found under each member's rarest words and entities, on the
-- member's publication day ('' when undated). Ordered by day: news
-- arrives day by day, so inserts go to the end of the tree instead of all
-- over it, and the store reads a day's keys at once into memory.
CREATE TABLE story_keys (
    day   TEXT NOT NULL,
    key   TEXT NOT NULL,
    story TEXT NOT NULL,
    PRIMARY KEY (day, key, story)
) WITHOUT ROWID;

-- Documents that used each word; the row for '' counts all documents.
CREATE TABLE story_words (
    word TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
) WITHOUT ROWID;
