/** An in-memory staff directory: staff subject ids and the roles they hold. */
import type { StaffRole } from '../../../shared/domain/access';
import type { StaffDirectory } from '../../../shared/ports/complaints';

export class MemoryStaffDirectory implements StaffDirectory {
  constructor(private readonly roles: Readonly<Record<string, readonly StaffRole[]>>) {}

  async hasRole(subjectId: string, role: StaffRole): Promise<boolean> {
    return this.roles[subjectId]?.includes(role) ?? false;
  }
}
