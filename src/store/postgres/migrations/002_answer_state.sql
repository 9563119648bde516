-- The bot's state under INDEX_BACKEND=postgres (src/state/PgAnswerStore.ts): what SQLite keeps under DATA_DIR
-- otherwise, here shared by every process, so a button works whichever shard receives the click. Users appear only as
-- keyed hashes of their ids.
CREATE TABLE footnote_answers (
	id text PRIMARY KEY,
	created_at timestamptz NOT NULL,
	command text NOT NULL,
	asker text NOT NULL,
	question text NOT NULL,
	kind text NOT NULL,
	-- The whole AnswerResult as JSON text, read back exactly as written.
	result text NOT NULL,
	posted boolean NOT NULL DEFAULT false
);
CREATE INDEX footnote_answers_created ON footnote_answers (created_at);

CREATE TABLE footnote_citations (
	answer_id text NOT NULL REFERENCES footnote_answers (id) ON DELETE CASCADE,
	n integer NOT NULL,
	file text NOT NULL,
	title text NOT NULL,
	passage_id text NOT NULL,
	PRIMARY KEY (answer_id, n)
);

-- One vote per answer and voter. Votes imported from the old feedback file have no answer (NULLs are distinct).
CREATE TABLE footnote_votes (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	answer_id text REFERENCES footnote_answers (id) ON DELETE CASCADE,
	voter text NOT NULL,
	verdict text NOT NULL CHECK (verdict IN ('up', 'down')),
	question text NOT NULL,
	created_at timestamptz NOT NULL,
	UNIQUE (answer_id, voter)
);
CREATE INDEX footnote_votes_created ON footnote_votes (created_at);

CREATE TABLE footnote_threads (
	thread_id text PRIMARY KEY,
	answer_id text NOT NULL UNIQUE,
	created_at timestamptz NOT NULL
);

CREATE TABLE footnote_turns (
	thread_id text NOT NULL REFERENCES footnote_threads (thread_id) ON DELETE CASCADE,
	seq integer NOT NULL,
	question text NOT NULL,
	answer_id text NOT NULL,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (thread_id, seq)
);

-- Questions being answered, by kind, whose replies can still be sent after a restart. The owner is the part of the bot
-- (a shard, or the whole bot) whose process answers it; it renews held_until while it lives, and a row is taken over by
-- the owner's next process at once, or by any process once its hold has lapsed.
CREATE TABLE footnote_pending (
	kind text NOT NULL,
	id text NOT NULL,
	created_at timestamptz NOT NULL,
	request text NOT NULL,
	owner text NOT NULL,
	held_until timestamptz NOT NULL,
	PRIMARY KEY (kind, id)
);

CREATE TABLE footnote_answer_meta (
	key text PRIMARY KEY,
	value text NOT NULL
);
