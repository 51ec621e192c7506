/**
 * The only door to the Rust side: every command, event and stream the UI uses goes through here.
 *
 * Commands throw on failure. The thrown value is normally a `UiError`, but the framework can also
 * throw a bare string (an unknown command, a permission denial), so every call is wrapped and the
 * failure normalised into a `UiError` before it reaches a component.
 */
import { Channel } from "@tauri-apps/api/core";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import { commands, events } from "./bindings";
import type {
  ApiStatus,
  AppSpec,
  ComposeFile,
  ComposePreview,
  ContainerChange,
  ContainerDetail,
  ContainerSpec,
  ContainerSummary,
  CostReport,
  DeployProgress,
  DeployReport,
  EngineStatus,
  ImageSummary,
  Instance,
  LogLine,
  Prices,
  Registration,
  RegistryChange,
  StatsSample,
  StoredApp,
  Transition,
  UiError,
} from "./bindings";

export type {
  ApiStatus,
  AppSpec,
  Check,
  CheckKind,
  CheckRequest,
  ComposeFile,
  ComposePreview,
  ContainerChange,
  ContainerDetail,
  ContainerSpec,
  ContainerState,
  ContainerSummary,
  CostPoint,
  CostReport,
  DependsOn,
  DeployProgress,
  DeployReport,
  EngineStatus,
  ErrorCode,
  FieldError,
  Health,
  ImageSummary,
  Instance,
  KeyValue,
  LogLine,
  MicroserviceCost,
  PortMapping,
  PortSpec,
  Prices,
  Protocol,
  ProviderCost,
  PublishedPort,
  Registration,
  RegistryChange,
  Restart,
  RestartPolicy,
  ServicePhase,
  ServiceSpec,
  Source,
  SourceKind,
  StatsSample,
  StoredApp,
  Transition,
  UiError,
  Warning,
} from "./bindings";

/** Turns whatever a command threw into a `UiError` whose message is fit to show. */
export function toUiError(thrown: unknown): UiError {
  if (isUiError(thrown)) {
    const message = thrown.message.trim() || "The engine refused without saying why";
    return {
      code: thrown.code,
      message,
      fields: Array.isArray(thrown.fields) ? thrown.fields : [],
    };
  }
  if (typeof thrown === "string" && thrown.trim() !== "") {
    return { code: "engine", message: thrown, fields: [] };
  }
  if (thrown instanceof Error && thrown.message) {
    return { code: "engine", message: thrown.message, fields: [] };
  }
  return { code: "engine", message: "Something went wrong talking to Berth's core", fields: [] };
}

function isUiError(value: unknown): value is UiError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<UiError>;
  return typeof candidate.code === "string" && typeof candidate.message === "string";
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (thrown) {
    throw toUiError(thrown);
  }
}

export const engineStatus = () => call(() => commands.engineStatus());
export const retryEngine = () => call(() => commands.retryEngine());
export const listContainers = (): Promise<ContainerSummary[]> =>
  call(() => commands.listContainers());
export const inspectContainer = (id: string): Promise<ContainerDetail> =>
  call(() => commands.inspectContainer(id));
export const startContainer = (id: string) => call(() => commands.startContainer(id));
export const stopContainer = (id: string) => call(() => commands.stopContainer(id));
export const restartContainer = (id: string) => call(() => commands.restartContainer(id));
export const removeContainer = (id: string, force: boolean) =>
  call(() => commands.removeContainer(id, force));
export const createContainer = (spec: ContainerSpec): Promise<string> =>
  call(() => commands.createContainer(spec));
export const listImages = (): Promise<ImageSummary[]> => call(() => commands.listImages());

export const registryInstances = (name: string | null = null): Promise<Instance[]> =>
  call(() => commands.registryInstances(name));
export const registryHistory = (id: string): Promise<Transition[]> =>
  call(() => commands.registryHistory(id));
export const registerInstance = (registration: Registration): Promise<Instance> =>
  call(() => commands.registerInstance(registration));
export const deregisterInstance = (id: string) => call(() => commands.deregisterInstance(id));
export const registryApiStatus = (): Promise<ApiStatus> => call(() => commands.registryApiStatus());

export const listApps = (): Promise<StoredApp[]> => call(() => commands.listApps());
export const previewCompose = (
  text: string,
  fileName: string,
  name: string,
): Promise<ComposePreview> => call(() => commands.previewCompose(text, fileName, name));
export const openComposeFile = (path: string, name: string | null): Promise<ComposeFile> =>
  call(() => commands.openComposeFile(path, name));
export const saveApp = (app: AppSpec, sourceText: string | null) =>
  call(() => commands.saveApp(app, sourceText));
export const startApp = (name: string) => call(() => commands.startApp(name));
export const stopApp = (name: string) => call(() => commands.stopApp(name));
export const restartApp = (name: string) => call(() => commands.restartApp(name));
export const tearDownApp = (name: string, volumes: boolean) =>
  call(() => commands.tearDownApp(name, volumes));
export const deleteApp = (name: string, volumes: boolean) =>
  call(() => commands.deleteApp(name, volumes));
export const exportApp = (name: string): Promise<string> => call(() => commands.exportApp(name));
export const exportAppTo = (name: string, path: string) =>
  call(() => commands.exportAppTo(name, path));

/** Deploys a stored app; `onProgress` hears each service's steps until the report resolves. */
export function deployApp(
  name: string,
  onProgress: (step: DeployProgress) => void,
): Promise<DeployReport> {
  const channel = new Channel<DeployProgress>();
  channel.onmessage = onProgress;
  return call(() => commands.deployApp(name, channel));
}

/** What the window from `from` to `to` (ms since the epoch) cost, in steps of `stepMs`. */
export const costReport = (from: number, to: number, stepMs: number): Promise<CostReport> =>
  call(() => commands.costReport(from, to, stepMs));
export const currentPrices = (): Promise<Prices> => call(() => commands.currentPrices());
/** Puts new prices in force from now on; earlier measurements keep their prices. */
export const setPrices = (prices: Prices) => call(() => commands.setPrices(prices));

const COMPOSE_FILTER = [{ name: "Compose files", extensions: ["yml", "yaml"] }];

/** Asks for a compose file to open; `null` when the user cancelled. */
export const chooseComposeFile = (): Promise<string | null> =>
  call(() =>
    openDialog({ title: "Open a compose file", multiple: false, filters: COMPOSE_FILTER }),
  );

/** Asks where to write an exported compose file; `null` when the user cancelled. */
export const chooseExportPath = (defaultName: string): Promise<string | null> =>
  call(() =>
    saveDialog({ title: "Export compose file", defaultPath: defaultName, filters: COMPOSE_FILTER }),
  );

type Unsubscribe = () => void;

/** Follows engine status changes; resolves once the listener is registered. */
export async function onEngineStatus(
  handler: (status: EngineStatus) => void,
): Promise<Unsubscribe> {
  return events.engineStatusChanged.listen((event) => handler(event.payload));
}

/** Follows container list changes; resolves once the listener is registered. */
export async function onContainersChanged(
  handler: (change: ContainerChange) => void,
): Promise<Unsubscribe> {
  return events.containersChanged.listen((event) => handler(event.payload));
}

/** Follows registry changes; resolves once the listener is registered. */
export async function onRegistryChanged(
  handler: (change: RegistryChange) => void,
): Promise<Unsubscribe> {
  return events.registryChanged.listen((event) => handler(event.payload));
}

/**
 * Starts a stream over a channel and returns a function that stops it.
 *
 * Stopping is safe at any time, even before the backend has answered with the stream id: the
 * stream is then stopped as soon as the id arrives, and no message is delivered after the stop.
 */
function openStream<T>(
  start: (channel: Channel<T>) => Promise<number>,
  onMessage: (message: T) => void,
  onError: (error: UiError) => void,
): () => void {
  let stopped = false;
  let streamId: number | null = null;
  const channel = new Channel<T>();
  channel.onmessage = (message) => {
    if (!stopped) onMessage(message);
  };
  start(channel).then(
    (id) => {
      streamId = id;
      if (stopped) void commands.stopStream(id).catch(() => undefined);
    },
    (thrown) => {
      if (!stopped) onError(toUiError(thrown));
    },
  );
  return () => {
    if (stopped) return;
    stopped = true;
    if (streamId !== null) void commands.stopStream(streamId).catch(() => undefined);
  };
}

/** Follows a container's logs, starting with the last `tail` lines. */
export function followLogs(
  id: string,
  tail: number,
  onLines: (lines: LogLine[]) => void,
  onError: (error: UiError) => void,
): () => void {
  return openStream<LogLine[]>((ch) => commands.followLogs(id, tail, ch), onLines, onError);
}

/** Follows a container's CPU and memory readings. */
export function followStats(
  id: string,
  onSample: (sample: StatsSample) => void,
  onError: (error: UiError) => void,
): () => void {
  return openStream<StatsSample>((ch) => commands.followStats(id, ch), onSample, onError);
}
