import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { Prices } from "../../ipc";
import { placePriceErrors, pricesSchema, pricesValues } from "../../lib/costs";
import type { PricesValues } from "../../lib/costs";
import { FormDialog } from "../form/FormDialog";
import { TextField } from "../form/fields";
import { useServerSubmit } from "../form/serverSubmit";

interface Props {
  prices: Prices;
  onSave: (prices: Prices) => Promise<void>;
  onClose: () => void;
}

/** Edits the prices in force; they apply from now on, and what was measured keeps its prices. */
export function PricesDialog({ prices, onSave, onClose }: Props) {
  const form = useForm<PricesValues, unknown, Prices>({
    resolver: zodResolver(pricesSchema),
    defaultValues: pricesValues(prices),
    mode: "onTouched",
  });
  const { control, register, formState } = form;
  const { submit, formError } = useServerSubmit(form, onSave, placePriceErrors, onClose);

  return (
    <FormDialog
      title="Prices"
      width={460}
      testId="prices-form"
      submitting={formState.isSubmitting}
      formError={formError}
      onSubmit={submit}
      onClose={onClose}
      submitLabel="Save prices"
      submitTestId="prices-submit"
    >
      <p className="subtle">
        New prices apply from now on. What was measured before keeps the prices it was measured at,
        so past costs do not change.
      </p>
      <div className="grid-2">
        <TextField
          control={control}
          path="cpuPerCoreHour"
          id="price-cpu"
          label="CPU per core-hour"
          inputMode="decimal"
          mono
          {...register("cpuPerCoreHour")}
        />
        <TextField
          control={control}
          path="memoryPerGibHour"
          id="price-memory"
          label="Memory per GiB-hour"
          inputMode="decimal"
          mono
          {...register("memoryPerGibHour")}
        />
      </div>
      <TextField
        control={control}
        path="currency"
        id="price-currency"
        label="Currency"
        hint="ISO 4217 code"
        maxLength={3}
        mono
        {...register("currency")}
      />
      <label className="checkbox">
        <input type="checkbox" data-testid="price-charge-limits" {...register("chargeLimits")} />
        <span>
          Charge limits instead of use: a container with a CPU or memory limit costs at least its
          limit, as OpenCost charges at least what is requested
        </span>
      </label>
    </FormDialog>
  );
}
