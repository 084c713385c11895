// opmodel schema for Neo4j 5+ (Community-compatible: node keys need Enterprise, so every
// node carries a composite `uid` = "<model key>|<element id>" with a uniqueness constraint).
// One statement per block; blocks are separated by a line holding only ";".
CREATE CONSTRAINT opmodel_team_uid IF NOT EXISTS FOR (n:Team) REQUIRE n.uid IS UNIQUE
;
CREATE CONSTRAINT opmodel_system_uid IF NOT EXISTS FOR (n:System) REQUIRE n.uid IS UNIQUE
;
CREATE CONSTRAINT opmodel_activity_uid IF NOT EXISTS FOR (n:Activity) REQUIRE n.uid IS UNIQUE
;
CREATE CONSTRAINT opmodel_metric_uid IF NOT EXISTS FOR (n:Metric) REQUIRE n.uid IS UNIQUE
;
CREATE CONSTRAINT opmodel_journey_uid IF NOT EXISTS FOR (n:Journey) REQUIRE n.uid IS UNIQUE
;
CREATE CONSTRAINT opmodel_model_id IF NOT EXISTS FOR (m:OpModel) REQUIRE m.id IS UNIQUE
;
CREATE INDEX opmodel_team_model IF NOT EXISTS FOR (n:Team) ON (n.model)
;
CREATE INDEX opmodel_system_model IF NOT EXISTS FOR (n:System) ON (n.model)
;
CREATE INDEX opmodel_activity_model IF NOT EXISTS FOR (n:Activity) ON (n.model)
;
CREATE INDEX opmodel_metric_model IF NOT EXISTS FOR (n:Metric) ON (n.model)
;
CREATE INDEX opmodel_journey_model IF NOT EXISTS FOR (n:Journey) ON (n.model)
