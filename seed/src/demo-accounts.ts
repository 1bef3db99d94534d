/**
 * The demo's named accounts, one per role and tier a visitor may want to try, on the demo's units
 * (the ended district and commune of `badinh` and `phucxa` included). The Hanoi demo
 * (server/src/services/demo-service.ts) and the tests' small worlds (factories.ts) both load them.
 */
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', unit: '01' },
  { username: 'lanhdao', displayName: 'Lãnh đạo BCĐ 06 Thành phố', role: 'leader', unit: '01' },
  { username: 'thuky', displayName: 'Thường trực BCĐ 06 Thành phố (Công an TP)', role: 'secretariat', unit: '01' },
  { username: 'badinh', displayName: 'BCĐ 06 quận Ba Đình', role: 'approver', unit: '001' },
  { username: 'phucxa', displayName: 'BCĐ 06 phường Phúc Xá', role: 'approver', unit: '00001' },
  { username: 'hongha', displayName: 'BCĐ 06 phường Hồng Hà', role: 'approver', unit: '00097' },
  { username: 'phuongbadinh', displayName: 'BCĐ 06 phường Ba Đình', role: 'approver', unit: '00004' },
  { username: 'to1.phucxa', displayName: 'Tổ công tác 06 – Tổ dân phố số 1, Phúc Xá', role: 'reporter', unit: '00001-01' },
] as const;
