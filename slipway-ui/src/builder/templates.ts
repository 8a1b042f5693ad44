import type { Fields } from './spec';

/** What the palette offers: a service built from source in a language, or an external image pinned to a tag. */
export interface Template {
  id: string;
  label: string;
  /** the service name it starts from (made unique on drop) */
  base: string;
  fields: (name: string) => Fields;
}

const source =
  (language: string, buildTool: string, port: number) =>
  (name: string): Fields => ({ path: `services/${name}`, language, buildTool, port });

const image =
  (ref: string, port: number, stateful: boolean) =>
  (): Fields => ({ image: ref, port, ...(stateful ? { stateful: true, replicas: 1 } : {}) });

export const TEMPLATES: Template[] = [
  { id: 'go', label: 'Go', base: 'go-service', fields: source('go', 'go', 8080) },
  { id: 'java-maven', label: 'Java (Maven)', base: 'java-service', fields: source('java', 'maven', 8080) },
  { id: 'java-gradle', label: 'Java (Gradle)', base: 'java-service', fields: source('java', 'gradle', 8080) },
  { id: 'node-npm', label: 'Node.js (npm)', base: 'node-service', fields: source('node', 'npm', 3000) },
  { id: 'node-yarn', label: 'Node.js (yarn)', base: 'node-service', fields: source('node', 'yarn', 3000) },
  { id: 'node-pnpm', label: 'Node.js (pnpm)', base: 'node-service', fields: source('node', 'pnpm', 3000) },
  { id: 'python-pip', label: 'Python (pip)', base: 'python-service', fields: source('python', 'pip', 8000) },
  { id: 'python-poetry', label: 'Python (poetry)', base: 'python-service', fields: source('python', 'poetry', 8000) },
  { id: 'dotnet', label: '.NET', base: 'dotnet-service', fields: source('dotnet', 'dotnet', 8080) },
  { id: 'postgres', label: 'PostgreSQL', base: 'postgres', fields: image('postgres:16.4-alpine', 5432, true) },
  { id: 'redis', label: 'Redis', base: 'redis', fields: image('redis:7.2.5-alpine', 6379, false) },
  { id: 'rabbitmq', label: 'RabbitMQ', base: 'rabbitmq', fields: image('rabbitmq:3.13.7-alpine', 5672, true) },
  { id: 'kafka', label: 'Kafka', base: 'kafka', fields: image('apache/kafka:3.8.0', 9092, true) },
];

export function template(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
