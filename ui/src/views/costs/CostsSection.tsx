import { useEffect, useState } from "react";
import { useStore } from "../../stores/store";
import { chooseRange, costsStore, pollCosts, readCosts, savePrices } from "../../stores/costs";
import { CostsView } from "./CostsView";
import { PricesDialog } from "./PricesDialog";
import "./costs.css";

/** The costs page and its prices dialog; reads the report every 15 s while it is open. */
export function CostsSection() {
  const state = useStore(costsStore);
  const [editing, setEditing] = useState(false);

  useEffect(() => pollCosts(), []);

  return (
    <>
      <CostsView
        range={state.range}
        report={state.report}
        error={state.error}
        loading={state.loading}
        prices={state.prices}
        onRange={(range) => void chooseRange(range)}
        onRetry={() => void readCosts()}
        onEditPrices={() => setEditing(true)}
      />
      {editing && state.prices && (
        <PricesDialog prices={state.prices} onSave={savePrices} onClose={() => setEditing(false)} />
      )}
    </>
  );
}
