import { Box, Globe, SquarePen } from "lucide-react";
import type { Source } from "../ipc";

const LABEL: Record<Source, string> = { api: "API", form: "Form", container: "Container" };
const TITLE: Record<Source, string> = {
  api: "Registered over the HTTP API",
  form: "Registered with the form in Berth",
  container: "Registered for a running container",
};
const ICON: Record<Source, typeof Box> = { api: Globe, form: SquarePen, container: Box };

/** Where an instance's registration came from. */
export function SourceBadge({ source }: { source: Source }) {
  const Icon = ICON[source];
  return (
    <span
      className={`source-badge source-${source}`}
      title={TITLE[source]}
      data-testid="source-badge"
      data-source={source}
    >
      <Icon size={12} aria-hidden />
      {LABEL[source]}
    </span>
  );
}
