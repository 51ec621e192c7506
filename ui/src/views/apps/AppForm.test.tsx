import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { app, service } from "../../test/apps";
import { AppForm } from "./AppForm";

const ipc = vi.hoisted(() => ({ saveApp: vi.fn(), listImages: vi.fn() }));
vi.mock("../../ipc", () => ipc);

function field(name: string): HTMLInputElement {
  const element = document.querySelector<HTMLInputElement>(`form [name="${name}"]`);
  if (!element) throw new Error(`no field ${name}`);
  return element;
}

const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const fieldError = (path: string) =>
  document.querySelector(`[data-testid="field-error"][data-field="${path}"]`);
const submit = () => fireEvent.click(screen.getByTestId("app-submit"));

beforeEach(() => {
  ipc.saveApp.mockReset().mockResolvedValue(null);
  ipc.listImages
    .mockReset()
    .mockResolvedValue([{ id: "sha256:1", tags: ["berth-test/busybox:r1"], size: 1, created: 0 }]);
});

describe("AppForm", () => {
  it("shows validation errors at the fields and saves nothing", async () => {
    render(<AppForm onClose={vi.fn()} onSaved={vi.fn()} />);
    type("name", "My App");
    type("services.0.name", "web");
    fireEvent.click(screen.getByTestId("add-port-0"));
    type("services.0.ports.0.hostPort", "8080");
    type("services.0.ports.0.containerPort", "80");
    fireEvent.click(screen.getByTestId("add-service"));
    type("services.1.name", "api");
    type("services.1.image", "berth-test/busybox:r1");
    fireEvent.click(screen.getByTestId("add-port-1"));
    fireEvent.click(screen.getByTestId("add-port-1"));
    type("services.1.ports.0.containerPort", "9090");
    type("services.1.ports.1.hostPort", "8080");
    type("services.1.ports.1.containerPort", "70000");
    submit();

    await waitFor(() => expect(fieldError("name")).not.toBeNull());
    expect(fieldError("services.0.image")).toHaveTextContent("Choose or type an image");
    expect(fieldError("services.1.ports.1.hostPort")).toHaveTextContent("8080/tcp is used twice");
    expect(fieldError("services.1.ports.1.containerPort")).toHaveTextContent("1 to 65535");
    expect(fieldError("services.0.ports.0.hostPort")).toBeNull();
    expect(ipc.saveApp).not.toHaveBeenCalled();
  });

  it("offers the other services as dependencies and saves the spec", async () => {
    const onSaved = vi.fn();
    const onClose = vi.fn();
    render(<AppForm onClose={onClose} onSaved={onSaved} />);
    type("name", "shop");
    type("services.0.name", "web");
    type("services.0.image", "berth-test/busybox:r1");
    type("services.0.command", "httpd -f -p 80");
    fireEvent.click(screen.getByTestId("add-service"));
    type("services.1.name", "db");
    type("services.1.image", "berth-test/busybox:r1");
    fireEvent.click(screen.getByLabelText("db"));
    fireEvent.change(screen.getByLabelText("Condition on db"), {
      target: { value: "service_healthy" },
    });
    submit();

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(ipc.saveApp).toHaveBeenCalledWith(
      {
        name: "shop",
        services: {
          web: service({
            command: ["httpd", "-f", "-p", "80"],
            dependsOn: { db: "service_healthy" },
          }),
          db: service(),
        },
        networks: {},
        volumes: {},
      },
      null,
    );
    expect(onSaved).toHaveBeenCalledWith("shop");
  });

  it("reports a service that came to depend on itself after a rename", async () => {
    const editing = app("shop", { web: { dependsOn: { db: "service_started" } }, db: {} });
    render(<AppForm editing={editing} onClose={vi.fn()} onSaved={vi.fn()} />);
    type("services.1.name", "gone");
    type("services.0.name", "db");
    submit();

    await waitFor(() =>
      expect(fieldError("services.0.dependsOn")).toHaveTextContent("db cannot depend on itself"),
    );
    expect(ipc.saveApp).not.toHaveBeenCalled();
  });

  it("shows the backend's dependency refusal at the top and keeps the input", async () => {
    ipc.saveApp.mockRejectedValue({
      code: "invalid_input",
      message: "dependency cycle: web -> db -> web",
      fields: [],
    });
    const onClose = vi.fn();
    const editing = app("shop", {
      web: { dependsOn: { db: "service_started" } },
      db: { dependsOn: { web: "service_started" } },
    });
    render(<AppForm editing={editing} onClose={onClose} onSaved={vi.fn()} />);
    submit();

    expect(await screen.findByTestId("form-error")).toHaveTextContent("dependency cycle");
    expect(field("services.0.name").value).toBe("web");
    expect(onClose).not.toHaveBeenCalled();
  });

  it("prefills an app to edit with its name fixed", () => {
    const editing = app("shop", {
      web: {
        command: ["sh", "-c", "sleep 3000"],
        ports: [{ hostIp: null, published: 8080, target: 80, protocol: "tcp" }],
        replicas: 2,
        memoryBytes: 128 * 1024 * 1024,
      },
    });
    render(<AppForm editing={editing} onClose={vi.fn()} onSaved={vi.fn()} />);
    expect(field("name").value).toBe("shop");
    expect(field("name").readOnly).toBe(true);
    expect(field("services.0.command").value).toBe("sh -c 'sleep 3000'");
    expect(field("services.0.ports.0.hostPort").value).toBe("8080");
    expect(field("services.0.replicas").value).toBe("2");
    expect(field("services.0.memoryMib").value).toBe("128");
  });
});
