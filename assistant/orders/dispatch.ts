// Dispatch: rules/dispatch.json decides the team (or partner institution); within a `load` team
// the active member with the fewest open orders (below their max load) gets it; `pool` teams
// (and load teams where everyone is full) leave it unassigned for members to claim (认领).
import type Database from 'better-sqlite3';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../db';
import type { StaffService, Team } from '../staff/service';
import { matchRule, type DispatchData, type RoutableOrder } from './rules';
import { staff } from './schema';
import { OPEN_STATES } from './state-machine';

/** Open orders of the staff row in the outer query (qualified names: drizzle leaves single-table columns unqualified). */
const LOAD_SQL = `(select count(*) from orders o where o.assignee_id = "staff"."id" and o.state in (${OPEN_STATES.map((s) => `'${s}'`).join(',')}))`;
const load = sql<number>`${sql.raw(LOAD_SQL)}`;

export interface Route {
  team: Team;
  assigneeId: number | null;
  rule: string;
}

export class Dispatcher {
  constructor(
    private db: AppDb,
    private sqlite: Database.Database,
    private staffService: StaffService,
    readonly data: DispatchData,
  ) {}

  /** Team and assignee for a new order (call inside the creating transaction). */
  route(o: RoutableOrder): Route {
    const m = matchRule(this.data, o);
    const team = this.staffService.teamByKey(m.team) ?? this.staffService.teamByKey(this.data.default);
    if (!team) throw new Error(`dispatch: team ${m.team} missing (teams are synced from dispatch.json at start)`);
    return { team, assigneeId: this.pickAssignee(team), rule: m.rule };
  }

  private members: Database.Statement | null = null;

  /** Least-loaded active member of a `load` team with room left; null → the team's pool. */
  pickAssignee(team: Team, exclude: number[] = []): number | null {
    if (team.assignMode !== 'load') return null;
    this.members ??= this.sqlite.prepare(
      `select "staff"."id" as id, "staff"."max_load" as maxLoad, ${LOAD_SQL} as load from staff
       where team_id = ? and active = 1 and role in ('agent', 'supervisor') order by load, id`,
    );
    const rows = this.members.all(team.id) as { id: number; maxLoad: number; load: number }[];
    const pick = rows.find((r) => r.load < r.maxLoad && !exclude.includes(r.id));
    return pick?.id ?? null;
  }

  /** Open orders per member of a team (the desk shows it next to the assign control). */
  loads(teamId: number): { staffId: number; name: string; load: number; maxLoad: number }[] {
    return this.db
      .select({ staffId: staff.id, name: staff.name, load, maxLoad: staff.maxLoad })
      .from(staff)
      .where(and(eq(staff.teamId, teamId), eq(staff.active, true)))
      .orderBy(asc(staff.id))
      .all();
  }
}
