// Requests by category, on time and overdue: the first of the console's KPI
// charts (Chart.js, registered piece by piece and loaded only where used).

import { useEffect, useRef } from "react";
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { useI18n } from "../i18n";
import type { ActivationRequest } from "../model";
import { isOverdue } from "../screens/FormQueue";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export default function QueueChart({ items }: { items: ActivationRequest[] }) {
  const { t, tx, fmt } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const now = Date.now();
  const categories = [...new Set(items.map((r) => r.category))].sort();
  const onTime = categories.map((c) => items.filter((r) => r.category === c && !isOverdue(r, now)).length);
  const late = categories.map((c) => items.filter((r) => r.category === c && isOverdue(r, now)).length);
  const labels = categories.map((c) => tx(`requests.categories.${c}`, c));

  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: {
        labels,
        datasets: [
          { label: t("requests.onTime"), data: onTime, backgroundColor: "#0b5cab" },
          { label: t("requests.overdue"), data: late, backgroundColor: "#c62828" },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: fmt.locale,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [labels.join("|"), onTime.join(","), late.join(","), t, fmt.locale]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <figure className="chart-box">
      <canvas ref={canvas} role="img" aria-label={t("requests.chartLabel")} />
      <figcaption className="sr-only">
        {labels.map((l, i) => `${l}: ${onTime[i]} / ${late[i]}`).join("; ")}
      </figcaption>
    </figure>
  );
}
