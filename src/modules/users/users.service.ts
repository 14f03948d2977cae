import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { Page, paginate } from '../../common/pagination/pagination';
import { ADVISORY_LOCKS, lockForTransaction } from '../../database/advisory-locks';
import { preparedQuery } from '../../database/prepared-query';
import { containsPattern } from '../../common/sql';
import { AuditService } from '../audit/audit.service';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { hashPassword } from './password-hasher';
import { User } from './user.entity';
import { toUserDto } from './user.mapper';
import { UsersError } from './users.errors';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.insert(manager, { ...dto, passwordHash });
      await this.audit.record(manager, actor, { action: 'user.created', entityType: 'user', entityId: user.id, after: toUserDto(user) });
      return toUserDto(user);
    });
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const builder = this.users.createQueryBuilder('user');
    if (query.role) builder.andWhere('user.role = :role', { role: query.role });
    if (query.active !== undefined) builder.andWhere('user.active = :active', { active: query.active });
    if (query.email) builder.andWhere(`user.email LIKE :email ESCAPE '\\'`, { email: containsPattern(query.email) });
    if (query.distributorCode) builder.andWhere('user.distributorCode = :code', { code: query.distributorCode });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'user.id', direction: 'DESC', valueOf: (user) => user.id });
    return { items: rows.map(toUserDto), nextCursor };
  }

  async get(id: string): Promise<UserDto> {
    return toUserDto(await this.getEntityOrThrow(this.dataSource.manager, id));
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const passwordHash = dto.password === undefined ? undefined : await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.getEntityOrThrow(manager, id, true);
      const before = toUserDto(user);
      const role = dto.role ?? user.role;
      // Leaving the distributor role drops the binding unless a new one is given.
      const distributorCode = dto.distributorCode !== undefined ? dto.distributorCode : role === 'distributor' ? user.distributorCode : null;
      if ((role === 'distributor') !== (distributorCode !== null)) {
        throw new UsersError('USER_DISTRIBUTOR_REQUIRED', 'distributorCode is required for the distributor role and only allowed for it');
      }
      const active = dto.active ?? user.active;
      if (user.role === 'admin' && user.active && (role !== 'admin' || !active)) {
        // Two admins demoting each other at once must not both succeed.
        await lockForTransaction(manager, ADVISORY_LOCKS.adminRoles);
        await this.assertAnotherAdmin(manager, user.id);
      }

      const credentialsChanged = passwordHash !== undefined || (user.active && !active) || role !== user.role;
      Object.assign(user, { role, distributorCode, active, ...(passwordHash ? { passwordHash } : {}) });
      if (credentialsChanged) user.credentialsChangedAt = new Date();
      const saved = await manager.save(User, user);
      const after = toUserDto(saved);
      await this.audit.record(manager, actor, {
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        before,
        after: { ...after, passwordChanged: passwordHash !== undefined },
      });
      return after;
    });
  }

  /** On first start with no users, creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
  async ensureInitialAdmin(actor: Actor, email: string, password: string): Promise<UserDto | null> {
    return this.dataSource.transaction(async (manager) => {
      // Only one instance may seed the first admin.
      await lockForTransaction(manager, ADVISORY_LOCKS.initialAdmin);
      if (await manager.exists(User)) return null;
      const user = await this.insert(manager, { email, role: 'admin', passwordHash: await hashPassword(password) });
      await this.audit.record(manager, actor, { action: 'user.created', entityType: 'user', entityId: user.id, after: toUserDto(user) });
      return toUserDto(user);
    });
  }

  /** The user behind a token, if it may still act: one indexed read on every request, so raw SQL. */
  async findActive(id: string): Promise<Pick<User, 'id' | 'email' | 'role' | 'distributorCode' | 'credentialsChangedAt'> | null> {
    const [row] = await preparedQuery<Pick<User, 'id' | 'email' | 'role' | 'distributorCode' | 'credentialsChangedAt'>>(
      this.dataSource,
      'active-user',
      `SELECT id, email, role, distributor_code AS "distributorCode", credentials_changed_at AS "credentialsChangedAt"
       FROM app_user WHERE id = $1 AND active`,
      [id],
    );
    return row ?? null;
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { email: email.trim().toLowerCase() } });
  }

  private async insert(
    manager: EntityManager,
    values: Pick<User, 'email' | 'role' | 'passwordHash'> & { distributorCode?: string | null; active?: boolean },
  ): Promise<User> {
    const { identifiers } = await manager.insert(User, {
      email: values.email,
      role: values.role,
      passwordHash: values.passwordHash,
      distributorCode: values.distributorCode ?? null,
      active: values.active ?? true,
    });
    return this.getEntityOrThrow(manager, identifiers[0].id as string);
  }

  private async assertAnotherAdmin(manager: EntityManager, exceptId: string): Promise<void> {
    const others = await manager
      .createQueryBuilder(User, 'user')
      .where(`user.role = 'admin' AND user.active AND user.id <> :exceptId`, { exceptId })
      .getCount();
    if (others === 0) throw new UsersError('USER_LAST_ADMIN', 'The last active admin cannot be deactivated or given another role');
  }

  private async getEntityOrThrow(manager: EntityManager, id: string, lock = false): Promise<User> {
    const user = await manager.findOne(User, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!user) throw new UsersError('USER_NOT_FOUND', `No user ${id}`);
    return user;
  }
}
