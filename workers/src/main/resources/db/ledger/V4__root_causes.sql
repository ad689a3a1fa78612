-- Where each RootCauseProposed sits by its event id (the lowest offset's record), so the GitHub task of a fix drafted from
-- it lists its position (the pull request states the hypothesis and its evidence) and no worker searches the timeline.
CREATE TABLE root_causes (
    event_id    uuid    PRIMARY KEY,
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    "offset"    bigint  NOT NULL
);
