/** The columns every accounts table starts with (today's accounts and the accounts as of an instant). */
export function UserColumnHeads() {
  return (
    <>
      <th scope="col">Email</th>
      <th scope="col">Roles</th>
      <th scope="col">State</th>
      <th scope="col">Created</th>
    </>
  );
}
