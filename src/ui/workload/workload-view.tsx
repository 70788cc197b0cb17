/** The Workload panel (issue 4): configure and run bulk workloads, see their maps, timeline and fleet statistics. */
import './workload.css';

export function WorkloadView() {
  return <section className="workload-view" aria-label="Workloads" />;
}
