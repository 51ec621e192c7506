import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { app } from "../../test/apps";
import { ImportDialog } from "./ImportDialog";

const ipc = vi.hoisted(() => ({
  previewCompose: vi.fn(),
  openComposeFile: vi.fn(),
  chooseComposeFile: vi.fn(),
  saveApp: vi.fn(),
}));
vi.mock("../../ipc", () => ipc);

const TEXT = `services:
  web:
    image: berth-test/busybox:r1
    build: .
    ports: ["8080:80"]
    depends_on: [db]
  db:
    image: berth-test/busybox:r1
`;

const parsed = app("app", {
  web: {
    ports: [{ hostIp: null, published: 8080, target: 80, protocol: "tcp" }],
    dependsOn: { db: "service_started" },
  },
  db: {},
});

const textarea = () => document.querySelector<HTMLTextAreaElement>('textarea[name="composeText"]')!;
const nameInput = () => document.querySelector<HTMLInputElement>('input[name="appName"]')!;
const paste = (text: string) => fireEvent.change(textarea(), { target: { value: text } });
const saveButton = () => screen.getByTestId<HTMLButtonElement>("compose-save");

function renderDialog(existing: string[] = []) {
  const props = { existing, onClose: vi.fn(), onSaved: vi.fn() };
  render(<ImportDialog {...props} />);
  return props;
}

beforeEach(() => {
  Object.values(ipc).forEach((fn) => fn.mockReset());
  ipc.saveApp.mockResolvedValue(null);
});

describe("ImportDialog", () => {
  it("previews pasted text with its services and warnings at line:column", async () => {
    ipc.previewCompose.mockResolvedValue({
      app: parsed,
      warnings: [{ line: 4, column: 5, message: "services.web.build is not supported" }],
    });
    renderDialog();
    fireEvent.change(nameInput(), { target: { value: "shop" } });
    paste(TEXT);

    const preview = await screen.findByTestId("compose-preview");
    expect(ipc.previewCompose).toHaveBeenCalledTimes(1);
    expect(ipc.previewCompose).toHaveBeenCalledWith(TEXT, "docker-compose.yml", "shop");
    expect(preview).toHaveTextContent("8080→80/tcp");
    expect(preview).toHaveTextContent("db (started)");
    expect(screen.getAllByTestId("compose-warning").map((w) => w.textContent)).toEqual([
      "4:5 services.web.build is not supported",
    ]);
    expect(saveButton()).toBeEnabled();
  });

  it("shows a parse error with its position, keeps the text and cannot save", async () => {
    const message = "docker-compose.yml:12:7: services.web.ports[1]: expected a port";
    ipc.previewCompose.mockRejectedValue({ code: "invalid_input", message, fields: [] });
    renderDialog();
    fireEvent.change(nameInput(), { target: { value: "shop" } });
    paste(TEXT);

    expect(await screen.findByTestId("compose-error")).toHaveTextContent(message);
    expect(textarea().value).toBe(TEXT);
    expect(screen.queryByTestId("compose-preview")).toBeNull();
    expect(saveButton()).toBeDisabled();
    expect(screen.getByTestId("compose-save-deploy")).toBeDisabled();
  });

  it("saves the previewed app under the edited name with the pasted text", async () => {
    ipc.previewCompose.mockResolvedValue({ app: parsed, warnings: [] });
    const props = renderDialog();
    paste(TEXT);
    await screen.findByTestId("compose-preview");
    fireEvent.change(nameInput(), { target: { value: "shop" } });
    fireEvent.click(screen.getByTestId("compose-save-deploy"));

    await waitFor(() => expect(props.onClose).toHaveBeenCalled());
    expect(ipc.saveApp).toHaveBeenCalledWith({ ...parsed, name: "shop" }, TEXT);
    expect(props.onSaved).toHaveBeenCalledWith("shop", true);
  });

  it("refuses an invalid name at the field and says when a name replaces a stored app", async () => {
    ipc.previewCompose.mockResolvedValue({ app: parsed, warnings: [] });
    renderDialog(["shop"]);
    paste(TEXT);
    await screen.findByTestId("compose-preview");
    fireEvent.change(nameInput(), { target: { value: "My Shop" } });
    fireEvent.click(saveButton());

    expect(
      document.querySelector('[data-testid="field-error"][data-field="appName"]'),
    ).toHaveTextContent("Lowercase");
    expect(ipc.saveApp).not.toHaveBeenCalled();

    fireEvent.change(nameInput(), { target: { value: "shop" } });
    expect(screen.getByTestId("replaces-app")).toHaveTextContent("replaces the stored app shop");
  });

  it("opens a file, fills in its text and name, and saves it", async () => {
    ipc.chooseComposeFile.mockResolvedValue("/home/me/shop/compose.yaml");
    ipc.openComposeFile.mockResolvedValue({
      preview: { app: { ...parsed, name: "shop" }, warnings: [] },
      text: TEXT,
    });
    const props = renderDialog();
    fireEvent.click(screen.getByRole("button", { name: /open file/i }));

    await screen.findByTestId("compose-preview");
    expect(ipc.openComposeFile).toHaveBeenCalledWith("/home/me/shop/compose.yaml", null);
    expect(textarea().value).toBe(TEXT);
    expect(nameInput().value).toBe("shop");
    fireEvent.click(saveButton());

    await waitFor(() => expect(props.onSaved).toHaveBeenCalledWith("shop", false));
    expect(ipc.saveApp).toHaveBeenCalledWith({ ...parsed, name: "shop" }, TEXT);
    expect(ipc.previewCompose).not.toHaveBeenCalled();
  });

  it("saves nothing from a file that failed to read", async () => {
    ipc.chooseComposeFile.mockResolvedValue("/home/me/bad/compose.yaml");
    ipc.openComposeFile.mockRejectedValue({
      code: "invalid_input",
      message: "compose.yaml:3:9: services.web.image: expected a string",
      fields: [],
    });
    renderDialog();
    fireEvent.change(nameInput(), { target: { value: "bad" } });
    fireEvent.click(screen.getByRole("button", { name: /open file/i }));

    expect(await screen.findByTestId("compose-error")).toHaveTextContent("compose.yaml:3:9");
    expect(ipc.openComposeFile).toHaveBeenCalledWith("/home/me/bad/compose.yaml", "bad");
    expect(saveButton()).toBeDisabled();
    fireEvent.click(saveButton());
    expect(ipc.saveApp).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal to save and stays open", async () => {
    ipc.previewCompose.mockResolvedValue({ app: parsed, warnings: [] });
    ipc.saveApp.mockRejectedValue({
      code: "invalid_input",
      message: "services web and db depend on each other",
      fields: [],
    });
    const props = renderDialog();
    fireEvent.change(nameInput(), { target: { value: "shop" } });
    paste(TEXT);
    await screen.findByTestId("compose-preview");
    fireEvent.click(saveButton());

    expect(await screen.findByTestId("form-error")).toHaveTextContent("depend on each other");
    expect(props.onClose).not.toHaveBeenCalled();
    expect(saveButton()).toBeEnabled();
  });
});
