-- Registration spans follow the instances table by themselves, so an upsert
-- is one statement: a new instance opens a span, a changed hourly cost
-- closes the open span and opens another.
CREATE TRIGGER instances_open_span AFTER INSERT ON instances
BEGIN
    INSERT INTO registration_spans (instance_id, name, hourly_cost, started_at)
    VALUES (NEW.id, NEW.name, NEW.hourly_cost, NEW.updated_at);
END;

CREATE TRIGGER instances_reprice_span AFTER UPDATE OF hourly_cost ON instances
WHEN OLD.hourly_cost != NEW.hourly_cost
BEGIN
    UPDATE registration_spans SET ended_at = NEW.updated_at
    WHERE instance_id = NEW.id AND ended_at IS NULL;
    INSERT INTO registration_spans (instance_id, name, hourly_cost, started_at)
    VALUES (NEW.id, NEW.name, NEW.hourly_cost, NEW.updated_at);
END;
