import { describePortHolder } from '../ports/port-holder.ts';

// Why: a service that dies before it listens, while another process holds its port, lost a race for that port
// (taken between allocation and bind); "exited with code 1" alone would send the user hunting through stderr.
export async function portTakenNote(service: string, port: number): Promise<string | undefined> {
  const holder = await describePortHolder(port);
  return holder ? `port ${port} was taken by ${holder} before ${service} could listen on it` : undefined;
}
