-- The tables every generation of the index shares. Each generation's own rows live in three tables named after it
-- (footnote_articles_g<N>, footnote_passages_g<N>, footnote_sentences_g<N>), created by the ingest that builds it and
-- dropped once no reader uses it: a vector column's dimensions and its HNSW index belong to one model.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE footnote_generations (
	id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	state text NOT NULL CHECK (state IN ('building', 'ready')),
	model_id text NOT NULL,
	dimensions integer NOT NULL CHECK (dimensions > 0),
	chunker text NOT NULL,
	-- Every corpus file the generation was built from, indexed or skipped, as { file: sha256 }: a reader compares the
	-- corpus with it to know whether the index is stale.
	sources jsonb NOT NULL DEFAULT '{}',
	started_at timestamptz NOT NULL DEFAULT now(),
	finished_at timestamptz
);

-- One row: the generation readers serve. An ingest switches it in one statement.
CREATE TABLE footnote_current (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	generation integer NOT NULL REFERENCES footnote_generations (id)
);

-- One ingest at a time: the holder renews its row; a holder that dies stops renewing and the row expires.
CREATE TABLE footnote_leases (
	name text PRIMARY KEY,
	holder text NOT NULL,
	heartbeat_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL
);

-- Which generation each serving process reads, refreshed as it polls; an old generation is dropped when no fresh row
-- names it.
CREATE TABLE footnote_readers (
	holder text PRIMARY KEY,
	generation integer NOT NULL,
	seen_at timestamptz NOT NULL
);

-- Articles an ingest still has to embed, claimed by workers one at a time. Each row carries the article as the
-- coordinator read it (a row of a JSONL export is one article of its file), so a worker needs no copy of the corpus.
CREATE TABLE footnote_ingest_queue (
	generation integer NOT NULL REFERENCES footnote_generations (id) ON DELETE CASCADE,
	file text NOT NULL,
	article jsonb NOT NULL,
	state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'done')),
	claimed_by text,
	claim_expires_at timestamptz,
	PRIMARY KEY (generation, file)
);
CREATE INDEX footnote_ingest_queue_open ON footnote_ingest_queue (generation, state);
