/**
 * The work platform's API (issue 4): one typed call per route, query keys, and the react-query
 * hooks the work pages use. Response types mirror the server's answers; the shared shapes
 * (tasks, steps, cards, …) come from `@tianheng/core`.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  Card,
  CardColour,
  Decimal,
  DocumentKind,
  HalfMonthKey,
  Instant,
  LightColour,
  LocalDate,
  LocalText,
  MonthKey,
  MonthPlanItem,
  Notification,
  Step,
  StepAssignee,
  StepRole,
  Task,
  TaskForce,
  TaskPriority,
  TaskStatus,
  UnitSupervision,
  WorkCategory,
  WorkConfig,
  WorkDocument,
  WorkEvent,
  WorkloadShare,
  WorkTemplate,
  CategoryKind,
  MyStep,
  MyWork,
  TaskInput,
  TemplateStep,
} from '@tianheng/core';
import { download, request, withQuery } from './client.ts';

// ---------------------------------------------------------------- response types

/** A category with the number of visible tasks and their steps' lights. */
export type CategoryView = WorkCategory & { tasks: number; lights: Record<LightColour, number> };

/** A row of GET /api/work/tasks. */
export type TaskSummary = Task & {
  categoryName: LocalText;
  responsibleUnitName: string;
  leadUnitName: string | null;
  leaderName: string | null;
  progress: { done: number; total: number };
  lights: Record<LightColour, number>;
};

/** A step as the task page shows it: names, red-light carriers, and what the caller may do. */
export type StepView = Omit<Step, 'assignees'> & {
  unitName: string;
  assignees: (StepAssignee & { name: string })[];
  /** Names of the people carrying the red light (empty unless red). */
  carriers: string[];
  canComplete: boolean;
  canReview: boolean;
};

/** A recorded event with the actor's name. */
export type EventView = WorkEvent & { actorName: string | null };

/** GET /api/work/tasks/:id */
export interface TaskDetail {
  task: TaskSummary;
  steps: StepView[];
  events: EventView[];
}

/** Body of POST /api/work/tasks: core's task input, checked there by `validateTaskInput`. */
export type NewTask = TaskInput;

/** Body of PATCH /api/work/tasks/:id. */
export interface TaskPatch {
  title?: string;
  description?: string;
  startsOn?: LocalDate;
  dueOn?: LocalDate;
  priority?: TaskPriority;
  status?: TaskStatus;
  leadUnitId?: string | null;
  cooperatingUnitIds?: string[];
  leaderPersonId?: string | null;
}

/** Body of PATCH /api/work/steps/:id. */
export interface StepPatch {
  name?: string;
  plannedStart?: LocalDate;
  plannedEnd?: LocalDate;
  points?: Decimal;
  tags?: string[];
  reviewRequired?: boolean;
  assignees?: StepAssignee[];
}

/** Filters of GET /api/work/tasks. */
export interface TaskFilter {
  categoryId?: string;
  unitId?: string;
  status?: TaskStatus;
  light?: LightColour;
  q?: string;
  limit?: number;
  offset?: number;
}

/** GET /api/notifications */
export interface NotificationPage {
  items: Notification[];
  unread: number;
  total: number;
}

/** GET /api/work/cards */
export interface MonthCards {
  month: MonthKey;
  plan: (MonthPlanItem & {
    taskTitle: string;
    stepName: string;
    unitName: string;
    done: boolean;
  })[];
  cards: (Card & { taskTitle: string; unitName: string })[];
}

/** A half-month window that has been run. */
export interface SupervisionWindow {
  window: HalfMonthKey;
  startsOn: LocalDate;
  endsOn: LocalDate;
  runAt: Instant;
  runBy: string | null;
}

/** GET /api/work/supervision */
export interface SupervisionReport {
  window: HalfMonthKey;
  startsOn: LocalDate;
  endsOn: LocalDate;
  run: { runAt: Instant; runByName: string | null; factsWritten: number } | null;
  units: (UnitSupervision & { unitName: string })[];
}

/** A person's row of GET /api/work/workload. */
export interface WorkloadPerson {
  personId: string;
  name: string;
  unitName: string;
  points: Decimal;
  byRole: Record<StepRole, Decimal>;
}

/** GET /api/work/workload */
export interface WorkloadReport {
  from: LocalDate;
  to: LocalDate;
  people: WorkloadPerson[];
}

/** GET /api/work/workload/:personId */
export interface PersonWorkload {
  person: { id: string; name: string; unitName: string };
  points: Decimal;
  items: (WorkloadShare & {
    taskId: string;
    taskTitle: string;
    stepName: string;
    finishedAt: Instant | null;
  })[];
}

/** A task force as the server lists it. */
export type TaskForceSummary = TaskForce & { leaderName: string; createdAt: Instant };

/** GET /api/work/task-forces/:id (also the answer of members, tasks and allocate). */
export interface TaskForceDetail {
  taskForce: TaskForceSummary;
  members: { personId: string; name: string; unitName: string | null }[];
  tasks: {
    id: string;
    title: string;
    responsibleUnitName: string;
    status: string;
    dueOn: LocalDate;
    progress: { done: number; total: number };
  }[];
  allocations: {
    periodId: string;
    personId: string;
    name: string;
    part: 'base' | 'allocation';
    points: Decimal;
    factId: string;
    recordedAt: Instant;
  }[];
}

/** Body of POST /api/work/task-forces. */
export interface NewTaskForce {
  name: string;
  basePoints: Decimal;
  allocationPool: Decimal;
  memberIds: string[];
}

/** A document in a box: the reader's receipt (received) or counts (sent). */
export type DocumentRow = WorkDocument & {
  readAt?: Instant | null;
  recipients?: number;
  read?: number;
  overdue?: number | boolean;
};

/** GET /api/documents/:id */
export interface DocumentDetail {
  document: WorkDocument;
  /** The reader's own receipt (null when unread or not a recipient). */
  readAt: Instant | null;
  /** Everybody's receipts, for those who may see them (the sender's side); else null. */
  receipts:
    | {
        personId: string;
        name: string;
        unitName: string | null;
        readAt: Instant | null;
        overdue: boolean;
      }[]
    | null;
}

/** Body of POST /api/documents. */
export interface NewDocument {
  kind: DocumentKind;
  title: string;
  body: string;
  readBy: Instant | null;
  unitIds: string[];
  personIds: string[];
  /** Attachment references (`att:<id>:<sha256>` of uploaded files, or outside references). */
  attachments?: string[];
}

/** Body of POST /api/work/categories. */
export interface NewCategory {
  key: string;
  name: LocalText;
  kind: CategoryKind;
  sortOrder?: number;
}

/** Body of POST/PUT /api/work/templates. */
export interface TemplateBody {
  key: string;
  name: LocalText;
  categoryKind: CategoryKind | null;
  steps: TemplateStep[];
}

// ---------------------------------------------------------------- calls

const id = encodeURIComponent;

/** Every work-platform route, one function each (see /api docs). */
export const workApi = {
  config: () => request<WorkConfig>('GET', '/api/work/config'),
  saveConfig: (body: WorkConfig) => request<WorkConfig>('PUT', '/api/work/config', body),
  categories: () => request<{ items: CategoryView[] }>('GET', '/api/work/categories'),
  createCategory: (body: NewCategory) =>
    request<WorkCategory>('POST', '/api/work/categories', body),
  updateCategory: (
    categoryId: string,
    body: Partial<Pick<WorkCategory, 'name' | 'kind' | 'sortOrder' | 'archived'>>,
  ) => request<WorkCategory>('PATCH', `/api/work/categories/${id(categoryId)}`, body),
  templates: () => request<{ items: WorkTemplate[] }>('GET', '/api/work/templates'),
  createTemplate: (body: TemplateBody) =>
    request<WorkTemplate>('POST', '/api/work/templates', body),
  saveTemplate: (templateId: string, body: Omit<TemplateBody, 'key'>) =>
    request<WorkTemplate>('PUT', `/api/work/templates/${id(templateId)}`, body),

  tasks: (filter: TaskFilter) =>
    request<{ items: TaskSummary[]; total: number }>(
      'GET',
      withQuery('/api/work/tasks', { ...filter }),
    ),
  createTask: (body: NewTask) => request<TaskDetail>('POST', '/api/work/tasks', body),
  task: (taskId: string) => request<TaskDetail>('GET', `/api/work/tasks/${id(taskId)}`),
  updateTask: (taskId: string, body: TaskPatch) =>
    request<TaskDetail>('PATCH', `/api/work/tasks/${id(taskId)}`, body),
  updateStep: (stepId: string, body: StepPatch) =>
    request<StepView>('PATCH', `/api/work/steps/${id(stepId)}`, body),
  completeStep: (stepId: string, body: { note?: string; attachments?: string[] }) =>
    request<StepView>('POST', `/api/work/steps/${id(stepId)}/complete`, body),
  approveStep: (stepId: string, body: { note?: string }) =>
    request<StepView>('POST', `/api/work/steps/${id(stepId)}/approve`, body),
  returnStep: (stepId: string, body: { note: string }) =>
    request<StepView>('POST', `/api/work/steps/${id(stepId)}/return`, body),
  flagStep: (stepId: string, body: { note: string }) =>
    request<StepView>('POST', `/api/work/steps/${id(stepId)}/flag`, body),
  unflagStep: (stepId: string) =>
    request<StepView>('POST', `/api/work/steps/${id(stepId)}/unflag`, {}),
  myWork: () => request<MyWork>('GET', '/api/work/my'),
  tick: () => request<{ evaluated: number; changed: number }>('POST', '/api/work/tick', {}),

  notifications: (query: { unread?: boolean; limit?: number; offset?: number }) =>
    request<NotificationPage>('GET', withQuery('/api/notifications', query)),
  unreadCount: () => request<{ unread: number }>('GET', '/api/notifications/unread-count'),
  readNotification: (notificationId: string) =>
    request<{ unread: number }>('POST', `/api/notifications/${id(notificationId)}/read`, {}),
  readAllNotifications: () =>
    request<{ marked: number; unread: number }>('POST', '/api/notifications/read-all', {}),

  cards: (month: MonthKey, unitId?: string) =>
    request<MonthCards>('GET', withQuery('/api/work/cards', { month, unitId })),
  issueCards: (month: MonthKey) =>
    request<{ issued: number }>('POST', '/api/work/cards/issue', { month }),

  supervisionWindows: () =>
    request<{ items: SupervisionWindow[] }>('GET', '/api/work/supervision/windows'),
  supervision: (window: HalfMonthKey) =>
    request<SupervisionReport>('GET', withQuery('/api/work/supervision', { window })),
  runSupervision: (window: HalfMonthKey) =>
    request<SupervisionReport>('POST', '/api/work/supervision/run', { window }),
  exportSupervision: (window: HalfMonthKey) =>
    download(withQuery('/api/work/supervision/export', { window }), `supervision-${window}.xlsx`),

  workload: (query: { from: LocalDate; to: LocalDate; unitId?: string }) =>
    request<WorkloadReport>('GET', withQuery('/api/work/workload', query)),
  personWorkload: (personId: string, query: { from: LocalDate; to: LocalDate }) =>
    request<PersonWorkload>('GET', withQuery(`/api/work/workload/${id(personId)}`, query)),
  exportWorkload: (query: { from: LocalDate; to: LocalDate; unitId?: string }) =>
    download(
      withQuery('/api/work/workload/export', query),
      `workload-${query.from}-${query.to}.xlsx`,
    ),

  taskForces: () => request<{ items: TaskForceSummary[] }>('GET', '/api/work/task-forces'),
  createTaskForce: (body: NewTaskForce) =>
    request<TaskForceSummary>('POST', '/api/work/task-forces', body),
  taskForce: (taskForceId: string) =>
    request<TaskForceDetail>('GET', `/api/work/task-forces/${id(taskForceId)}`),
  addTaskForceMembers: (taskForceId: string, personIds: string[]) =>
    request<TaskForceDetail>('POST', `/api/work/task-forces/${id(taskForceId)}/members`, {
      personIds,
    }),
  assignTaskForceTasks: (taskForceId: string, taskIds: string[]) =>
    request<TaskForceDetail>('POST', `/api/work/task-forces/${id(taskForceId)}/tasks`, { taskIds }),
  allocateTaskForce: (
    taskForceId: string,
    body: { periodId: string; allocations: { personId: string; points: Decimal }[] },
  ) => request<TaskForceDetail>('POST', `/api/work/task-forces/${id(taskForceId)}/allocate`, body),

  documents: (box: 'received' | 'sent') =>
    request<{ items: DocumentRow[] }>('GET', withQuery('/api/documents', { box })),
  publishDocument: (body: NewDocument) =>
    request<WorkDocument & { recipients: number }>('POST', '/api/documents', body),
  document: (documentId: string) =>
    request<DocumentDetail>('GET', `/api/documents/${id(documentId)}`),
  readDocument: (documentId: string) =>
    request<{ readAt: Instant }>('POST', `/api/documents/${id(documentId)}/read`, {}),
};

// ---------------------------------------------------------------- query keys and hooks

/** Query keys of the work platform; everything under `work` is refreshed after an action. */
export const workKeys = {
  all: ['work'] as const,
  config: ['work', 'config'] as const,
  categories: ['work', 'categories'] as const,
  templates: ['work', 'templates'] as const,
  tasks: (filter: TaskFilter) => ['work', 'tasks', filter] as const,
  task: (taskId: string) => ['work', 'task', taskId] as const,
  my: ['work', 'my'] as const,
  notifications: ['notifications'] as const,
  notificationList: (query: { unread?: boolean; limit?: number; offset?: number }) =>
    ['notifications', 'list', query] as const,
  unread: ['notifications', 'unread'] as const,
  cards: (month: string, unitId?: string) => ['work', 'cards', month, unitId ?? ''] as const,
  windows: ['work', 'supervision', 'windows'] as const,
  supervision: (window: string) => ['work', 'supervision', window] as const,
  workload: (query: { from: string; to: string; unitId?: string }) =>
    ['work', 'workload', query] as const,
  personWorkload: (personId: string, from: string, to: string) =>
    ['work', 'workload', personId, from, to] as const,
  taskForces: ['work', 'task-forces'] as const,
  taskForce: (taskForceId: string) => ['work', 'task-forces', taskForceId] as const,
  documents: (box: 'received' | 'sent') => ['documents', box] as const,
  document: (documentId: string) => ['documents', 'one', documentId] as const,
};

export const useWorkConfig = (enabled = true) =>
  useQuery({ queryKey: workKeys.config, queryFn: workApi.config, enabled, staleTime: 60_000 });

export const useCategories = (enabled = true) =>
  useQuery({ queryKey: workKeys.categories, queryFn: workApi.categories, enabled });

export const useTemplates = (enabled = true) =>
  useQuery({
    queryKey: workKeys.templates,
    queryFn: workApi.templates,
    enabled,
    staleTime: 60_000,
  });

export const useTasks = (filter: TaskFilter, enabled = true) =>
  useQuery({
    queryKey: workKeys.tasks(filter),
    queryFn: () => workApi.tasks(filter),
    enabled,
    placeholderData: keepPreviousData,
  });

export const useTask = (taskId: string) =>
  useQuery({ queryKey: workKeys.task(taskId), queryFn: () => workApi.task(taskId) });

export const useMyWork = (enabled = true) =>
  useQuery({ queryKey: workKeys.my, queryFn: workApi.myWork, enabled });

export const useNotifications = (query: { unread?: boolean; limit?: number; offset?: number }) =>
  useQuery({
    queryKey: workKeys.notificationList(query),
    queryFn: () => workApi.notifications(query),
    placeholderData: keepPreviousData,
  });

/** The unread count behind the bell, polled every 30 s. */
export const useUnreadCount = (enabled = true) =>
  useQuery({
    queryKey: workKeys.unread,
    queryFn: workApi.unreadCount,
    enabled,
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
  });

export const useMonthCards = (month: string, unitId?: string) =>
  useQuery({
    queryKey: workKeys.cards(month, unitId),
    queryFn: () => workApi.cards(month, unitId),
    enabled: month !== '',
    placeholderData: keepPreviousData,
  });

export const useSupervisionWindows = () =>
  useQuery({ queryKey: workKeys.windows, queryFn: workApi.supervisionWindows });

export const useSupervision = (window: string) =>
  useQuery({
    queryKey: workKeys.supervision(window),
    queryFn: () => workApi.supervision(window),
    enabled: window !== '',
    placeholderData: keepPreviousData,
  });

export const useWorkload = (query: { from: string; to: string; unitId?: string }) =>
  useQuery({
    queryKey: workKeys.workload(query),
    queryFn: () => workApi.workload(query),
    enabled: query.from !== '' && query.to !== '',
    placeholderData: keepPreviousData,
  });

export const usePersonWorkload = (personId: string | null, from: string, to: string) =>
  useQuery({
    queryKey: workKeys.personWorkload(personId ?? '', from, to),
    queryFn: () => workApi.personWorkload(personId ?? '', { from, to }),
    enabled: personId !== null,
  });

export const useTaskForces = () =>
  useQuery({ queryKey: workKeys.taskForces, queryFn: workApi.taskForces });

export const useTaskForce = (taskForceId: string | null) =>
  useQuery({
    queryKey: workKeys.taskForce(taskForceId ?? ''),
    queryFn: () => workApi.taskForce(taskForceId ?? ''),
    enabled: taskForceId !== null,
  });

export const useDocuments = (box: 'received' | 'sent', enabled = true) =>
  useQuery({ queryKey: workKeys.documents(box), queryFn: () => workApi.documents(box), enabled });

export const useDocument = (documentId: string | null) =>
  useQuery({
    queryKey: workKeys.document(documentId ?? ''),
    queryFn: () => workApi.document(documentId ?? ''),
    enabled: documentId !== null,
  });

export type { CardColour, LightColour, MyStep, MyWork, StepRole };
