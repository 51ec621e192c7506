import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { instance } from "../../test/instances";
import { InstanceDetail } from "./InstanceDetail";
import { DeregisterDialog } from "./DeregisterDialog";

const ipc = vi.hoisted(() => ({ registryHistory: vi.fn(), deregisterInstance: vi.fn() }));
vi.mock("../../ipc", () => ipc);

const checked = instance("hb-1", "hb", "critical", {
  meta: { zone: "b", owner: "ops" },
  tags: ["v1"],
  checks: [
    {
      id: "hb-1:ttl",
      kind: "ttl",
      target: "",
      intervalMs: 10_000,
      timeoutMs: 2000,
      ttlMs: 5000,
      deregisterAfterMs: null,
      status: "critical",
      output: "no heartbeat within 5s",
      changedAt: new Date().toISOString(),
    },
  ],
});

const history = [
  { checkId: "hb-1:ttl", at: new Date().toISOString(), status: "critical", output: "expired" },
  { checkId: "hb-1:ttl", at: new Date().toISOString(), status: "passing", output: "heartbeat" },
];

beforeEach(() => {
  ipc.registryHistory.mockReset().mockResolvedValue(history);
  ipc.deregisterInstance.mockReset();
});

function renderDetail(target = checked) {
  const props = { onEdit: vi.fn(), onDeregister: vi.fn(), onClose: vi.fn() };
  const view = render(<InstanceDetail instance={target} {...props} />);
  return { props, view };
}

describe("InstanceDetail", () => {
  it("shows facts, metadata, checks and the recorded transitions", async () => {
    renderDetail();
    const detail = screen.getByTestId("instance-detail");
    expect(detail).toHaveTextContent("127.0.0.1:8001");
    expect(detail).toHaveTextContent("ownerops");
    expect(screen.getByTestId("check")).toHaveTextContent("no heartbeat within 5s");
    expect(screen.getByTestId("check")).toHaveTextContent("TTL 5s");
    const rows = await screen.findAllByTestId("history-row");
    expect(rows.map((r) => r.dataset.status)).toEqual(["critical", "passing"]);
    expect(rows[0]).toHaveTextContent("expired");
    expect(ipc.registryHistory).toHaveBeenCalledWith("hb-1");
  });

  it("reads the history again when the instance changes", async () => {
    const { view, props } = renderDetail();
    await screen.findAllByTestId("history-row");
    view.rerender(<InstanceDetail instance={{ ...checked, health: "passing" }} {...props} />);
    await waitFor(() => expect(ipc.registryHistory).toHaveBeenCalledTimes(2));
  });

  it("offers edit, deregister and close", () => {
    const { props } = renderDetail();
    fireEvent.click(screen.getByTestId("edit-instance"));
    fireEvent.click(screen.getByTestId("deregister"));
    fireEvent.keyDown(window, { key: "Escape" });
    expect(props.onEdit).toHaveBeenCalled();
    expect(props.onDeregister).toHaveBeenCalled();
    expect(props.onClose).toHaveBeenCalled();
  });
});

describe("DeregisterDialog", () => {
  it("deregisters on confirm", async () => {
    ipc.deregisterInstance.mockResolvedValue(null);
    const onDone = vi.fn();
    render(<DeregisterDialog instance={checked} onCancel={vi.fn()} onDone={onDone} />);
    fireEvent.click(screen.getByTestId("confirm-deregister-submit"));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(ipc.deregisterInstance).toHaveBeenCalledWith("hb-1");
  });

  it("keeps the dialog open with the error when it fails", async () => {
    ipc.deregisterInstance.mockRejectedValue({
      code: "not_found",
      message: "no instance",
      fields: [],
    });
    const onDone = vi.fn();
    render(<DeregisterDialog instance={checked} onCancel={vi.fn()} onDone={onDone} />);
    fireEvent.click(screen.getByTestId("confirm-deregister-submit"));
    expect(await screen.findByTestId("deregister-error")).toHaveTextContent("no instance");
    expect(onDone).not.toHaveBeenCalled();
  });
});
