/**
 * Migration pass 1, the guest ABI (DOMAIN.md §5): what the guest sees must be there on
 * the destination — CPU PASID translation when the VM uses it, the split's guest range
 * (Jason: "nothing can be implicit, including the global/local range split"), and an
 * IOMMU at least as wide.
 */
import { hex } from '../../model/pasid.ts';
import { addConflict, type MigrationPlan } from './plan.ts';

export function checkGuestAbi(plan: MigrationPlan): void {
  const { v, src, dst } = plan;
  const pk = src.policy.kind;
  const shared = pk === 'split' && plan.procs.some(([, p]) => p.kind === 'shared');
  if ((v.translationSince !== null || shared) && !dst.cpuPasidTranslation)
    addConflict(plan, {
      code: 'EOPNOTSUPP',
      reason: 'abi-translation',
      message: plan.quiet ? '' : `${v.id} ${v.translationSince !== null ? `translates its ENQCMD PASIDs (since event ${v.translationSince})` : 'has shared (translated) PASIDs'} and host ${dst.id}'s CPU has no PASID translation`,
      source: true,
      destination: false,
    });
  if (pk === 'split' && src.policy.localEnd !== dst.policy.localEnd)
    addConflict(plan, {
      code: 'ERANGE',
      reason: 'abi-local-end',
      message: plan.quiet ? '' : `the guest's own range is guest ABI: host ${src.id} ends it at ${hex(src.policy.localEnd)}, host ${dst.id} at ${hex(dst.policy.localEnd)}`,
      source: src.policy.localEnd,
      destination: dst.policy.localEnd,
    });
  if (dst.iommuBits < src.iommuBits)
    addConflict(plan, {
      code: 'EOVERFLOW',
      reason: 'abi-width',
      message: plan.quiet ? '' : `host ${dst.id}'s IOMMU has ${dst.iommuBits}-bit PASIDs, narrower than host ${src.id}'s ${src.iommuBits} bits`,
      source: src.iommuBits,
      destination: dst.iommuBits,
    });
}
