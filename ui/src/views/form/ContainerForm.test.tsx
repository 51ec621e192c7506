import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { ContainerForm } from "./ContainerForm";

const ipc = vi.hoisted(() => ({
  createContainer: vi.fn(),
  listImages: vi.fn(),
}));
vi.mock("../../ipc", () => ipc);

function field(name: string): HTMLInputElement {
  const element = document.querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!element) throw new Error(`no field ${name}`);
  return element;
}

const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const fieldError = (path: string) =>
  document.querySelector(`[data-testid="field-error"][data-field="${path}"]`);

beforeEach(() => {
  ipc.createContainer.mockReset();
  ipc.listImages
    .mockReset()
    .mockResolvedValue([
      { id: "sha256:1", tags: ["berth-test/busybox:latest"], size: 1, created: 0 },
    ]);
});

describe("ContainerForm", () => {
  it("shows validation errors at the fields and sends nothing", async () => {
    render(<ContainerForm onClose={vi.fn()} />);
    type("image", "busybox");
    type("name", "my app");
    fireEvent.click(screen.getByTestId("add-port"));
    fireEvent.click(screen.getByTestId("add-port"));
    type("ports.0.hostPort", "8080");
    type("ports.0.containerPort", "80");
    type("ports.1.hostPort", "8080");
    type("ports.1.containerPort", "70000");
    fireEvent.click(screen.getByTestId("create-submit"));

    await waitFor(() => expect(fieldError("name")).not.toBeNull());
    expect(fieldError("ports.1.hostPort")).toHaveTextContent("used twice");
    expect(fieldError("ports.1.containerPort")).toHaveTextContent("1 to 65535");
    expect(fieldError("ports.0.hostPort")).toBeNull();
    expect(ipc.createContainer).not.toHaveBeenCalled();
  });

  it("sends the spec and closes on success", async () => {
    ipc.createContainer.mockResolvedValue("abc");
    const onClose = vi.fn();
    render(<ContainerForm onClose={onClose} />);
    type("image", "berth-test/busybox:latest");
    type("name", "qa");
    fireEvent.click(screen.getByTestId("add-env"));
    type("env.0.key", "MODE");
    type("env.0.value", "dev");
    fireEvent.click(field("start"));
    fireEvent.click(screen.getByTestId("create-submit"));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(ipc.createContainer).toHaveBeenCalledWith({
      image: "berth-test/busybox:latest",
      name: "qa",
      command: "",
      env: [{ key: "MODE", value: "dev" }],
      ports: [],
      labels: [],
      restartPolicy: "no",
      memoryMib: null,
      cpus: null,
      start: false,
    });
  });

  it("maps the backend's field errors onto the fields and keeps the input", async () => {
    ipc.createContainer.mockRejectedValue({
      code: "invalid_input",
      message: "invalid input",
      fields: [
        { field: "name", message: "name is reserved" },
        { field: "memoryMib", message: "too small for this engine" },
      ],
    });
    const onClose = vi.fn();
    render(<ContainerForm onClose={onClose} />);
    type("image", "busybox");
    type("name", "qa");
    type("memoryMib", "8");
    fireEvent.click(screen.getByTestId("create-submit"));

    await waitFor(() => expect(fieldError("name")).toHaveTextContent("name is reserved"));
    expect(fieldError("memoryMib")).toHaveTextContent("too small for this engine");
    expect(screen.queryByTestId("form-error")).toBeNull();
    expect(field("name").value).toBe("qa");
    expect(onClose).not.toHaveBeenCalled();
  });

  it("shows other server errors at the top of the form", async () => {
    ipc.createContainer.mockRejectedValue({
      code: "conflict",
      message: 'The container name "/qa" is already in use',
      fields: [],
    });
    render(<ContainerForm onClose={vi.fn()} />);
    type("image", "busybox");
    type("name", "qa");
    fireEvent.click(screen.getByTestId("create-submit"));

    await waitFor(() =>
      expect(screen.getByTestId("form-error")).toHaveTextContent("already in use"),
    );
    expect(field("image").value).toBe("busybox");
  });

  it("offers the local image tags", async () => {
    render(<ContainerForm onClose={vi.fn()} />);
    fireEvent.focus(field("image"));
    expect(await screen.findByRole("option", { name: "berth-test/busybox:latest" })).toBeVisible();
  });
});
