// admin.mjs - the administration screens in the browser (issue 8): an agency
// created under Sở KH&CN (a bad code shown as a sentence under its field), a
// staff account created there who then signs in, a procedure renamed, found
// by its new name and retired, a CSV import with its report, a workflow step's
// time edited, the agency administrator's narrower view, and every new page
// on a 360-px phone, in English and through axe-core. The import and workflow
// APIs are checked against the server's route list; a missing one fails the test.
import { fileURLToPath } from 'node:url';
import { apiFetch, assert, axe, focusedName, eq, hasRoute, noHorizontalScroll, signInUI, notRun } from './lib.mjs';

const SKHCN = '000.00.06.H56';
const UNIT = { code: '000.06.09.H56', name: 'Phòng Thử nghiệm Chuyển đổi số E2E' };
const STAFF = { login: 'e2e.chuyenvien', name: 'Đỗ Thị Thử Nghiệm', password: 'Thunghiem2026' };
const PROC = '1.009376';             // Sở KH&CN; not used by the dossier journey
const NEW_NAME = 'Cấp giấy phép xuất bản tài liệu (đã sửa E2E)';
const CSV = fileURLToPath(new URL('./fixtures/procedures.csv', import.meta.url));
const state = { unit: false };

async function admin(ctx, login = 'admin', opts) {
  const page = await ctx.page(opts);
  await signInUI(page, login);
  await page.waitForURL(/\/quan-tri$/);
  return page;
}

export const adminTests = [
  {
    name: 'admin: create an agency under Sở KH&CN; a bad code as a sentence',
    async fn(ctx) {
      if (!(await hasRoute('POST', '/agencies'))) notRun('POST /api/v1/agencies is not on this server yet');
      const page = await admin(ctx);
      await page.locator('main').getByRole('link', { name: 'Cơ quan, đơn vị' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
      await page.locator(`li[data-code="${SKHCN}"] > .tree-row`).getByRole('button', { name: /Thêm đơn vị trực thuộc/ }).click();
      await page.getByRole('heading', { level: 2, name: 'Thêm đơn vị trực thuộc Sở Khoa học và Công nghệ' }).waitFor();
      await ctx.shot(page, 'agency-form');
      await axe(page, 'agencies with the form');
      // Required fields first, then the API's sentence for a malformed code.
      await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
      await page.locator('.field-error[data-field=code]').getByText('Vui lòng nhập mã định danh.').waitFor();
      await page.getByLabel('Mã định danh').fill('06.09.H56');
      await page.getByLabel('Tên cơ quan, đơn vị').fill(UNIT.name);
      await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
      const err = page.locator('.field-error[data-field=code]');
      await err.getByText('Mã định danh phải có dạng NNN.NN.NN.Xnn').waitFor();
      assert(!/invalid_field/.test(await page.content()), 'raw code shown');
      eq(await focusedName(page, 'code'), 'code', 'focus on the code field');
      eq(await page.getByLabel('Mã định danh').getAttribute('aria-invalid'), 'true', 'aria-invalid');
      await ctx.shot(page, 'agency-bad-code');
      await page.getByLabel('Mã định danh').fill(UNIT.code);
      await page.getByLabel('Số điện thoại').fill('0237 3852 999');
      await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
      await page.getByText(`Đã thêm ${UNIT.name} (mã ${UNIT.code}).`).waitFor();
      await page.locator(`li[data-code="${SKHCN}"] li[data-code="${UNIT.code}"]`).waitFor();
      state.unit = true;
      // Edit it: the new phone number comes back from the API.
      await page.locator(`li[data-code="${UNIT.code}"] > .tree-row`).getByRole('button', { name: /^Sửa/ }).click();
      eq(await page.getByLabel('Số điện thoại').inputValue(), '0237 3852 999', 'phone kept');
      await page.getByLabel('Địa chỉ').fill('Số 15 Hạc Thành, Thanh Hóa');
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.getByText(`Đã lưu thông tin ${UNIT.name}.`).waitFor();
      const a = await apiFetch('GET', '/agencies/' + UNIT.code);
      eq(a.data?.address, 'Số 15 Hạc Thành, Thanh Hóa', 'address saved');
      await ctx.shot(page, 'agency-created');
    },
  },
  {
    name: 'admin: create a staff account with roles there, who signs in',
    async fn(ctx) {
      if (!state.unit) notRun('the agency test did not create the unit');
      const unit = (await apiFetch('GET', '/agencies/' + UNIT.code)).data;
      const page = await admin(ctx);
      await page.locator('main').getByRole('link', { name: 'Người dùng và vai trò' }).click();
      await page.getByRole('heading', { level: 1, name: 'Người dùng và vai trò' }).waitFor();
      await page.getByLabel('Đơn vị', { exact: true }).selectOption(String(unit.id));
      await page.waitForURL(new RegExp(`agency=${unit.id}`));
      await page.getByRole('heading', { level: 2, name: `Cán bộ của ${UNIT.name}` }).waitFor();
      await page.getByText('Đơn vị này chưa có tài khoản cán bộ.').waitFor();
      await page.getByLabel('Họ và tên').fill(STAFF.name);
      await page.getByLabel('Tên đăng nhập').fill('Sai Ten');
      await page.getByLabel('Mật khẩu ban đầu').fill(STAFF.password);
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.locator('.field-error[data-field=roles]').getByText('Vui lòng chọn ít nhất một vai trò.').waitFor();
      await page.getByLabel('Chuyên viên').check();
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.locator('.field-error[data-field=login]').getByText(/Tên đăng nhập chỉ gồm/).waitFor();
      eq(await focusedName(page, 'login'), 'login', 'focus on the login field');
      await ctx.shot(page, 'user-bad-login');
      await axe(page, 'users with errors');
      await page.getByLabel('Tên đăng nhập').fill(STAFF.login);
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.getByText(`Đã tạo tài khoản ${STAFF.login} tại ${UNIT.name}.`).waitFor();
      const row = page.locator(`#users-table tr[data-login="${STAFF.login}"]`);
      await row.getByText('Chuyên viên').waitFor();
      await ctx.shot(page, 'user-created');
      // The new officer signs in with the password set in the form and lands on the inbox.
      const p2 = await ctx.page();
      await signInUI(p2, STAFF.login, STAFF.password);
      await p2.waitForURL(/\/xu-ly/);
      await p2.getByText(`Tài khoản: ${STAFF.name}`).waitFor();
      await ctx.shot(p2, 'new-officer-signed-in');
    },
  },
  {
    name: 'admin: edit a procedure, find it by its new name, retire it',
    async fn(ctx) {
      if (!(await hasRoute('PUT', '/procedures/{code}'))) notRun('PUT /api/v1/procedures/{code} is not on this server yet');
      const page = await admin(ctx);
      await page.locator('main').getByRole('link', { name: 'Thủ tục hành chính' }).click();
      await page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' }).waitFor();
      await page.getByLabel('Tìm theo tên hoặc mã thủ tục').fill(PROC);
      await page.getByRole('button', { name: 'Tìm kiếm' }).click();
      await page.waitForURL(/q=1\.009376/);
      await page.locator(`#proc-table tr[data-code="${PROC}"]`).getByRole('link', { name: `Sửa ${PROC}` }).click();
      await page.getByRole('heading', { level: 1, name: `Sửa thủ tục ${PROC}` }).waitFor();
      const name = page.getByLabel('Tên thủ tục');
      await name.waitFor();
      await ctx.shot(page, 'procedure-edit');
      await axe(page, 'procedure edit');
      // A required field left empty is caught next to it.
      await name.fill('');
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.locator('.field-error[data-field=name]').getByText('Vui lòng nhập tên thủ tục.').waitFor();
      await name.fill(NEW_NAME);
      await page.getByLabel('Thời hạn (Trực tuyến)').fill('12');
      await page.getByLabel('Giờ chốt nhận hồ sơ trong ngày').fill('16:30');
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.waitForURL(/\/quan-tri\/thu-tuc\?q=/);
      await page.getByText(new RegExp(`Đã lưu thủ tục ${PROC.replace('.', '\\.')} \\(phiên bản \\d+\\)`)).waitFor();
      const p = (await apiFetch('GET', '/procedures/' + PROC)).data;
      eq(p.name, NEW_NAME, 'name saved');
      eq(p.cutoff, '16:30', 'cut-off saved');
      eq(p.channels.find((c) => c.channel === 2)?.time_amount, 12, 'online time saved');
      // Search without diacritics finds the new name.
      await page.getByLabel('Tìm theo tên hoặc mã thủ tục').fill('tai lieu da sua e2e');
      await page.getByRole('button', { name: 'Tìm kiếm' }).click();
      const row = page.locator(`#proc-table tr[data-code="${PROC}"]`);
      await row.getByText(NEW_NAME).waitFor();
      await ctx.shot(page, 'procedure-found');
      await row.getByRole('button', { name: `Ngừng áp dụng ${PROC}` }).click();
      await page.getByText(`Ngừng áp dụng thủ tục ${PROC}?`).waitFor();
      await axe(page, 'retire confirmation');
      await page.getByRole('button', { name: 'Xác nhận ngừng áp dụng' }).click();
      await page.getByText(`Đã ngừng áp dụng thủ tục ${PROC} — ${NEW_NAME}.`).waitFor();
      await page.waitForFunction((c) => !document.querySelector(`#proc-table tr[data-code="${c}"]`), PROC);
      const s = await apiFetch('GET', '/procedures?q=' + encodeURIComponent(PROC));
      assert(!(s.data.items || []).some((i) => i.code === PROC), 'retired procedure still found');
      await ctx.shot(page, 'procedure-retired');
    },
  },
  {
    name: 'admin: import a CSV file and read the report',
    async fn(ctx) {
      const page = await admin(ctx);
      await page.goto('/quan-tri/thu-tuc');
      await page.getByRole('heading', { level: 2, name: 'Nhập thủ tục từ tệp' }).waitFor();
      // No file: a sentence under the file field, without a request.
      await page.getByRole('button', { name: 'Tải lên và nhập' }).click();
      await page.locator('.field-error[data-field=file]').getByText('Vui lòng chọn tệp cần nhập.').waitFor();
      if (!(await hasRoute('POST', '/procedures/import'))) notRun('POST /api/v1/procedures/import is not on this server yet (the form and its check were tested)');
      await page.getByLabel('Tệp dữ liệu').setInputFiles(CSV);
      eq(await page.getByLabel('Định dạng').inputValue(), 'csv', 'format from the file name');
      await page.getByRole('button', { name: 'Tải lên và nhập' }).click();
      await page.getByRole('heading', { level: 3, name: 'Kết quả nhập' }).waitFor({ timeout: 20000 });
      const count = async (k) => Number(await page.locator(`[data-count=${k}] dd`).textContent());
      assert((await count('created')) + (await count('partial')) >= 2, 'two rows imported');
      assert((await count('failed')) >= 1, 'the row without a code failed');
      assert(await page.locator('#import-problems tbody tr').count() >= 2, 'problems listed');
      await ctx.shot(page, 'import-report');
      await axe(page, 'import report');
      await page.getByLabel('Tìm theo tên hoặc mã thủ tục').fill('thu nghiem nhap tep e2e');
      await page.getByRole('button', { name: 'Tìm kiếm' }).click();
      await page.locator('#proc-table tr[data-code="1.099101"]').waitFor();
    },
  },
  {
    name: 'admin: edit a workflow step time',
    async fn(ctx) {
      const page = await admin(ctx);
      await page.locator('main').getByRole('link', { name: 'Quy trình xử lý' }).click();
      await page.getByRole('heading', { level: 1, name: 'Quy trình xử lý' }).waitFor();
      if (!(await hasRoute('PUT', '/workflows/{code}'))) {
        await page.getByText('Chức năng này chưa sẵn sàng trên máy chủ.').waitFor();
        await ctx.shot(page, 'workflows-missing');
        notRun('the workflow API is not on this server yet (the page says so)');
      }
      const wf = page.locator('section.wf[data-code="mac-dinh"]');
      await wf.locator('table').waitFor();
      await ctx.shot(page, 'workflows');
      await axe(page, 'workflows');
      await wf.getByRole('button', { name: /^Sửa quy trình/ }).click();
      await wf.locator('input[name="steps[0].amount"]').fill('');
      await wf.locator('input[name="steps[0].amount"]').fill('-1');
      await wf.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await wf.locator('.field-error[data-field="steps[0].amount"]').getByText('Thời gian phải là số không âm.').waitFor();
      await wf.locator('input[name="steps[0].amount"]').fill('4');
      await wf.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.getByText(/^Đã lưu quy trình/).waitFor();
      await wf.locator('tbody tr').first().locator('.wf-time').getByText('4 ngày làm việc').waitFor();
      const r = await page.evaluate(() => fetch('/api/v1/workflows').then((x) => x.json()));
      eq(r.items.find((w) => w.code === 'mac-dinh')?.steps[0].amount, 4, 'step time saved');
      await ctx.shot(page, 'workflow-saved');
    },
  },
  {
    name: 'admin: an agency administrator sees their subtree only',
    async fn(ctx) {
      const page = await admin(ctx, 'qtdonvi');
      for (const name of ['Cơ quan, đơn vị', 'Người dùng và vai trò', 'Thủ tục hành chính', 'Quy trình xử lý'])
        await page.locator('main').getByRole('link', { name, exact: true }).waitFor();
      await page.goto('/quan-tri/co-quan');
      await page.locator(`li[data-code="${SKHCN}"]`).waitFor();
      eq(await page.locator('li[data-code="000.00.12.H56"]').count(), 0, 'Sở Tư pháp hidden');
      eq(await page.getByRole('button', { name: 'Thêm cơ quan cấp cao nhất' }).count(), 0, 'no root button');
      await page.goto('/quan-tri/thu-tuc?q=khai+sinh');
      await page.locator('#proc-table tbody tr').first().waitFor();
      eq(await page.locator('#proc-table').getByRole('link', { name: /^Sửa/ }).count(), 0, 'no edit link on commune procedures');
      await ctx.shot(page, 'agency-admin-procedures');
      // A desk officer has no administration tile but the calendar.
      const p2 = await ctx.page();
      await signInUI(p2, 'motcua');
      await p2.waitForURL(/\/mot-cua/);
      await p2.goto('/quan-tri');
      await p2.locator('main').getByRole('link', { name: 'Lịch làm việc' }).waitFor();
      eq(await p2.locator('main').getByRole('link', { name: 'Thủ tục hành chính' }).count(), 0, 'desk officer: no catalogue tile');
    },
  },
  {
    name: 'admin pages: 360-px phone, English, axe-core',
    async fn(ctx) {
      const page = await admin(ctx, 'admin', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const pages = [['/quan-tri', 'admin'], ['/quan-tri/co-quan', 'agencies'], ['/quan-tri/nguoi-dung?agency=3', 'users'],
        ['/quan-tri/thu-tuc', 'procedures'], ['/quan-tri/thu-tuc/1.009374', 'procedure-edit'], ['/quan-tri/thu-tuc/moi', 'procedure-new'],
        ['/quan-tri/quy-trinh', 'workflows']];
      let minor = 0;
      for (const [path, label] of pages) {
        await page.goto(path);
        await page.locator('main h1').waitFor();
        await page.waitForLoadState('networkidle');
        await noHorizontalScroll(page, label);
        minor += await axe(page, label);
        await ctx.shot(page, 'phone-' + label);
      }
      await page.getByRole('button', { name: 'Switch to English' }).click();
      for (const [path, h1, label] of [['/quan-tri/co-quan', 'Agencies', 'agencies-en'], ['/quan-tri/thu-tuc', 'Procedures', 'procedures-en']]) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
        await page.waitForLoadState('networkidle');
        await noHorizontalScroll(page, label);
        minor += await axe(page, label);
        await ctx.shot(page, 'phone-' + label);
      }
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.locator('.field-error[data-field=file]').getByText('Please choose the file to import.').waitFor();
      ctx.note(`${pages.length + 2} pages, ${minor} minor/moderate findings`);
    },
  },
];
