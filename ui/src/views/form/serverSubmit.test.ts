import { describe, expect, it } from "vitest";
import type { UiError } from "../../ipc";
import { formErrorText } from "./serverSubmit";

const refusal = (code: UiError["code"], fields: UiError["fields"] = []): UiError => ({
  code,
  message: "the engine refused",
  fields,
});
const portError = [{ field: "port", message: "out of range" }];

describe("formErrorText", () => {
  it("says nothing when every field error sits on its input", () => {
    expect(formErrorText(refusal("invalid_input", portError), null)).toBeNull();
  });

  it("shows the field errors that found no input, instead of the message", () => {
    expect(formErrorText(refusal("invalid_input", portError), "check.ttl: too short")).toBe(
      "check.ttl: too short",
    );
  });

  it("shows the message for a refusal without field errors", () => {
    expect(formErrorText(refusal("invalid_input"), null)).toBe("the engine refused");
    expect(formErrorText(refusal("engine"), null)).toBe("the engine refused");
  });

  it("shows the message when another kind of refusal names fields", () => {
    expect(formErrorText(refusal("conflict", portError), null)).toBe("the engine refused");
  });
});
