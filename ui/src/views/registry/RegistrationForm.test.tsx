import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { instance } from "../../test/instances";
import { RegistrationForm } from "./RegistrationForm";

const ipc = vi.hoisted(() => ({ registerInstance: vi.fn() }));
vi.mock("../../ipc", () => ipc);

function field(name: string): HTMLInputElement {
  const element = document.querySelector<HTMLInputElement>(`form [name="${name}"]`);
  if (!element) throw new Error(`no field ${name}`);
  return element;
}

const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const fieldError = (path: string) =>
  document.querySelector(`[data-testid="field-error"][data-field="${path}"]`);
const submit = () => fireEvent.click(screen.getByTestId("registration-submit"));

beforeEach(() => {
  ipc.registerInstance.mockReset();
});

describe("RegistrationForm", () => {
  it("shows validation errors at the fields and sends nothing", async () => {
    render(<RegistrationForm onClose={vi.fn()} />);
    type("name", "my service");
    type("port", "70000");
    fireEvent.change(field("check.kind"), { target: { value: "ttl" } });
    fireEvent.click(screen.getByTestId("add-meta"));
    fireEvent.click(screen.getByTestId("add-meta"));
    type("meta.0.key", "zone");
    type("meta.1.key", "zone");
    submit();

    await waitFor(() => expect(fieldError("name")).not.toBeNull());
    expect(fieldError("port")).toHaveTextContent("1 to 65535");
    expect(fieldError("check.ttl")).toHaveTextContent("required");
    expect(fieldError("meta.1.key")).toHaveTextContent("Duplicate key zone");
    expect(fieldError("meta.0.key")).toBeNull();
    expect(ipc.registerInstance).not.toHaveBeenCalled();
  });

  it("fills the URL in from address and port until it is edited", () => {
    render(<RegistrationForm onClose={vi.fn()} />);
    type("port", "8080");
    expect(field("url").value).toBe("http://localhost:8080");
    type("address", "10.0.0.5");
    expect(field("url").value).toBe("http://10.0.0.5:8080");
    type("url", "http://10.0.0.5:8080/api");
    type("port", "9090");
    expect(field("url").value).toBe("http://10.0.0.5:8080/api");
  });

  it("shows only the check fields the chosen kind uses", () => {
    render(<RegistrationForm onClose={vi.fn()} />);
    const has = (name: string) => document.querySelector(`[name="${name}"]`) !== null;
    expect(["check.target", "check.interval", "check.ttl"].some(has)).toBe(false);
    fireEvent.change(field("check.kind"), { target: { value: "http" } });
    expect(["check.target", "check.interval", "check.timeout"].every(has)).toBe(true);
    expect(has("check.ttl")).toBe(false);
    fireEvent.change(field("check.kind"), { target: { value: "ttl" } });
    expect(["check.ttl", "check.deregisterAfter"].every(has)).toBe(true);
    expect(has("check.interval")).toBe(false);
  });

  it("sends the registration and closes on success", async () => {
    ipc.registerInstance.mockResolvedValue(instance("x", "api"));
    const onClose = vi.fn();
    render(<RegistrationForm onClose={onClose} />);
    type("name", "api");
    type("port", "8080");
    type("tags", "v1, blue");
    fireEvent.change(field("check.kind"), { target: { value: "tcp" } });
    type("check.interval", "2s");
    fireEvent.click(screen.getByTestId("add-meta"));
    type("meta.0.key", "region");
    type("meta.0.value", "eu");
    type("hourlyCost", "0.1");
    submit();

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(ipc.registerInstance).toHaveBeenCalledWith({
      name: "api",
      address: null,
      port: 8080,
      url: "http://localhost:8080",
      tags: ["v1", "blue"],
      meta: { region: "eu" },
      hourlyCost: 0.1,
      check: {
        kind: "tcp",
        target: null,
        interval: "2s",
        timeout: null,
        ttl: null,
        deregisterAfter: null,
      },
    });
  });

  it("edits an instance under its own id, prefilled", async () => {
    ipc.registerInstance.mockResolvedValue(instance("api-1", "api"));
    const existing = instance("api-1", "api", "passing", {
      port: 8080,
      tags: ["v1"],
      meta: { region: "eu" },
    });
    render(<RegistrationForm editing={existing} onClose={vi.fn()} />);
    expect(field("name").value).toBe("api");
    expect(field("meta.0.key").value).toBe("region");
    expect(field("url").value).toBe("");
    type("port", "8081");
    expect(field("url").value).toBe("");
    submit();

    await waitFor(() => expect(ipc.registerInstance).toHaveBeenCalled());
    expect(ipc.registerInstance.mock.calls[0][0]).toMatchObject({
      id: "api-1",
      port: 8081,
      tags: ["v1"],
      meta: { region: "eu" },
      url: null,
    });
  });

  it("maps the backend's field errors onto the fields and keeps the input", async () => {
    ipc.registerInstance.mockRejectedValue({
      code: "invalid_input",
      message: "the registration is not valid",
      fields: [
        { field: "address", message: "must be a hostname, an IPv4 or an IPv6 address" },
        { field: "meta.zone", message: "the value must be at most 512 characters" },
      ],
    });
    const onClose = vi.fn();
    render(<RegistrationForm onClose={onClose} />);
    type("name", "api");
    type("port", "8080");
    type("address", "host.example");
    fireEvent.click(screen.getByTestId("add-meta"));
    type("meta.0.key", "zone");
    submit();

    await waitFor(() => expect(fieldError("address")).toHaveTextContent("Must be a hostname"));
    expect(fieldError("meta.0.key")).toHaveTextContent("at most 512");
    expect(screen.queryByTestId("form-error")).toBeNull();
    expect(field("address").value).toBe("host.example");
    expect(onClose).not.toHaveBeenCalled();
  });

  it("shows other errors at the top and keeps everything typed", async () => {
    ipc.registerInstance.mockRejectedValue({
      code: "storage",
      message: "cannot store the registration of api-1: database is locked",
      fields: [],
    });
    render(<RegistrationForm onClose={vi.fn()} />);
    type("name", "api");
    type("port", "8080");
    submit();

    await waitFor(() =>
      expect(screen.getByTestId("form-error")).toHaveTextContent("database is locked"),
    );
    expect(field("name").value).toBe("api");
    expect(field("port").value).toBe("8080");
  });

  it("starts with the name field focused", () => {
    render(<RegistrationForm onClose={vi.fn()} />);
    expect(field("name")).toHaveFocus();
  });

  it("closes on Escape", () => {
    const onClose = vi.fn();
    render(<RegistrationForm onClose={onClose} />);
    fireEvent.keyDown(window, { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });
});
