/**
 * The demo province's units and procedure catalogue (local/demo.ts), apart so that the demo's parts
 * (local/demo-lives.ts) import them without an import cycle.
 */
import type { Procedure } from '../shared/storage/procedures';
import type { UnitInput } from '../shared/storage/units';

export const DEMO_PROVINCE = 'cao-bang';

const department = (id: string, name: string, sipas = false): UnitInput => ({
  id,
  name,
  kind: 'department',
  parent: DEMO_PROVINCE,
  ...(sipas ? { sipas } : {}),
});
const commune = (id: string, name: string, parent = DEMO_PROVINCE, sipas = false): UnitInput => ({
  id,
  name,
  kind: 'commune',
  parent,
  ...(sipas ? { sipas } : {}),
});

/**
 * Which communes offer electronic certified copies (Decision 766 item 4.6): recorded for the communes
 * of the province's own level, three of every four offering them; the legacy district's communes are
 * left unrecorded (not counted).
 */
const withCertifiedCopy = (units: UnitInput[]): UnitInput[] => {
  let recorded = 0;
  return units.map((unit) =>
    unit.kind === 'commune' && unit.parent === DEMO_PROVINCE
      ? { ...unit, electronicCertifiedCopy: recorded++ % 4 !== 3 }
      : unit,
  );
};

/** Cao Bằng: the province, its departments, communes and wards, and one legacy district. */
export const demoUnits: UnitInput[] = withCertifiedCopy([
  { id: DEMO_PROVINCE, name: 'Tỉnh Cao Bằng', kind: 'province', parent: null },
  {
    id: 'tt-phvhcc',
    name: 'Trung tâm Phục vụ hành chính công tỉnh',
    kind: 'agency',
    parent: DEMO_PROVINCE,
    sipas: true,
  },
  department('so-tu-phap', 'Sở Tư pháp'),
  // Sở Kế hoạch và Đầu tư merged into Sở Tài chính in 2025.
  department('so-tai-chinh', 'Sở Tài chính'),
  department('so-xay-dung', 'Sở Xây dựng'),
  department('so-nn-mt', 'Sở Nông nghiệp và Môi trường'),
  department('so-y-te', 'Sở Y tế'),
  department('so-gd-dt', 'Sở Giáo dục và Đào tạo'),
  department('so-cong-thuong', 'Sở Công Thương'),
  department('so-noi-vu', 'Sở Nội vụ'),
  department('so-kh-cn', 'Sở Khoa học và Công nghệ'),
  department('so-vh-tt-dl', 'Sở Văn hóa, Thể thao và Du lịch'),
  commune('phuong-thuc-phan', 'Phường Thục Phán', DEMO_PROVINCE, true),
  commune('phuong-nung-tri-cao', 'Phường Nùng Trí Cao'),
  commune('phuong-tan-giang', 'Phường Tân Giang'),
  commune('xa-hoa-an', 'Xã Hòa An'),
  commune('xa-quang-uyen', 'Xã Quảng Uyên'),
  commune('xa-trung-khanh', 'Xã Trùng Khánh'),
  commune('xa-ha-quang', 'Xã Hà Quảng'),
  commune('xa-bao-lac', 'Xã Bảo Lạc'),
  commune('xa-bao-lam', 'Xã Bảo Lâm'),
  commune('xa-nguyen-binh', 'Xã Nguyên Bình'),
  commune('xa-thach-an', 'Xã Thạch An'),
  commune('xa-phuc-hoa', 'Xã Phục Hòa'),
  commune('xa-tra-linh', 'Xã Trà Lĩnh'),
  commune('xa-thong-nong', 'Xã Thông Nông'),
  commune('xa-tinh-tuc', 'Xã Tĩnh Túc'),
  commune('xa-dong-khe', 'Xã Đông Khê'),
  commune('xa-dam-thuy', 'Xã Đàm Thủy'),
  commune('xa-doai-duong', 'Xã Đoài Dương'),
  commune('xa-minh-khai', 'Xã Minh Khai'),
  commune('xa-canh-tan', 'Xã Canh Tân'),
  commune('xa-quang-long', 'Xã Quang Long'),
  commune('xa-nam-tuan', 'Xã Nam Tuấn'),
  // A legacy district (before 1 July 2025) with its communes: older data keeps its middle layer.
  { id: 'huyen-ha-lang', name: 'Huyện Hạ Lang (trước 01/07/2025)', kind: 'district', parent: DEMO_PROVINCE },
  commune('tt-thanh-nhat', 'Thị trấn Thanh Nhật', 'huyen-ha-lang'),
  commune('xa-ly-quoc', 'Xã Lý Quốc', 'huyen-ha-lang'),
  commune('xa-minh-long', 'Xã Minh Long', 'huyen-ha-lang'),
]);

/** A catalogue of real-looking procedures (national codes, legal processing time in working days). */
export const demoProcedures: (Procedure & { handledBy: 'commune' | string })[] = [
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, handledBy: 'commune' },
  { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', processingDays: 3, handledBy: 'commune' },
  { code: '1.000656', name: 'Đăng ký khai tử', field: 'Hộ tịch', processingDays: 1, handledBy: 'commune' },
  {
    code: '1.004873',
    name: 'Cấp giấy xác nhận tình trạng hôn nhân',
    field: 'Hộ tịch',
    processingDays: 3,
    handledBy: 'commune',
  },
  {
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
    field: 'Chứng thực',
    processingDays: 1,
    handledBy: 'commune',
  },
  {
    code: '2.000884',
    name: 'Chứng thực chữ ký trong các giấy tờ, văn bản',
    field: 'Chứng thực',
    processingDays: 1,
    handledBy: 'commune',
  },
  {
    code: '1.004227',
    name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
    field: 'Đất đai',
    processingDays: 10,
    handledBy: 'commune',
  },
  {
    code: '1.001776',
    name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng',
    field: 'Bảo trợ xã hội',
    processingDays: 15,
    handledBy: 'commune',
  },
  {
    code: '1.010815',
    name: 'Giải quyết chế độ trợ cấp một lần đối với người có công',
    field: 'Người có công',
    processingDays: 12,
    handledBy: 'commune',
  },
  {
    code: '2.000488',
    name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
    field: 'Lý lịch tư pháp',
    processingDays: 10,
    handledBy: 'so-tu-phap',
  },
  {
    code: '1.008927',
    name: 'Cấp giấy chứng nhận đăng ký hành nghề luật sư',
    field: 'Luật sư',
    processingDays: 7,
    handledBy: 'so-tu-phap',
  },
  {
    code: '2.001610',
    name: 'Đăng ký thành lập công ty trách nhiệm hữu hạn',
    field: 'Thành lập và hoạt động doanh nghiệp',
    processingDays: 3,
    handledBy: 'so-tai-chinh',
  },
  {
    code: '1.001612',
    name: 'Đăng ký thay đổi nội dung đăng ký doanh nghiệp',
    field: 'Thành lập và hoạt động doanh nghiệp',
    processingDays: 3,
    handledBy: 'so-tai-chinh',
  },
  {
    code: '1.009972',
    name: 'Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV',
    field: 'Hoạt động xây dựng',
    processingDays: 20,
    handledBy: 'so-xay-dung',
  },
  {
    code: '1.002804',
    name: 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu cho tổ chức',
    field: 'Đất đai',
    processingDays: 20,
    handledBy: 'so-nn-mt',
  },
  {
    code: '1.004135',
    name: 'Cấp giấy phép khai thác, sử dụng nước mặt',
    field: 'Tài nguyên nước',
    processingDays: 30,
    handledBy: 'so-nn-mt',
  },
  {
    code: '1.002244',
    name: 'Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh',
    field: 'Khám bệnh, chữa bệnh',
    processingDays: 20,
    handledBy: 'so-y-te',
  },
  {
    code: '1.004889',
    name: 'Cấp giấy chứng nhận đủ điều kiện kinh doanh dược',
    field: 'Dược phẩm',
    processingDays: 30,
    handledBy: 'so-y-te',
  },
  {
    code: '1.005092',
    name: 'Chỉnh sửa nội dung văn bằng, chứng chỉ',
    field: 'Văn bằng, chứng chỉ',
    processingDays: 5,
    handledBy: 'so-gd-dt',
  },
  {
    code: '2.000633',
    name: 'Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu',
    field: 'Lưu thông hàng hóa trong nước',
    processingDays: 10,
    handledBy: 'so-cong-thuong',
  },
  {
    code: '1.000775',
    name: 'Cấp giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai',
    field: 'Kinh doanh khí',
    processingDays: 15,
    handledBy: 'so-cong-thuong',
  },
  {
    code: '1.009332',
    name: 'Thẩm định thành lập đơn vị sự nghiệp công lập',
    field: 'Tổ chức bộ máy',
    processingDays: 15,
    handledBy: 'so-noi-vu',
  },
  {
    code: '1.003622',
    name: 'Cấp giấy chứng nhận đăng ký hoạt động khoa học và công nghệ',
    field: 'Hoạt động khoa học và công nghệ',
    processingDays: 15,
    handledBy: 'so-kh-cn',
  },
  {
    code: '1.001029',
    name: 'Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa',
    field: 'Du lịch',
    processingDays: 10,
    handledBy: 'so-vh-tt-dl',
  },
];

/**
 * The catalogue facts the 766 scorecard reads (3.1, 3.2, 3.5, 4.2, 4.5), as a province's export
 * would give them: the commune procedures one by one, the departments' a common profile.
 */
const catalogueFacts: Record<
  string,
  Pick<
    Procedure,
    'onlineLevel' | 'fullyOnlineEligible' | 'feeCharging' | 'citizenDataConnected' | 'paperResultRequired'
  >
> = {
  '1.001193': {
    onlineLevel: 'full',
    fullyOnlineEligible: true,
    feeCharging: false,
    citizenDataConnected: true,
    paperResultRequired: false,
  },
  '1.000894': {
    onlineLevel: 'partial',
    fullyOnlineEligible: false,
    feeCharging: false,
    citizenDataConnected: true,
    paperResultRequired: true,
  },
  '1.000656': {
    onlineLevel: 'full',
    fullyOnlineEligible: true,
    feeCharging: false,
    citizenDataConnected: true,
    paperResultRequired: false,
  },
  '1.004873': {
    onlineLevel: 'full',
    fullyOnlineEligible: true,
    feeCharging: true,
    citizenDataConnected: false,
    paperResultRequired: false,
  },
  '2.000815': {
    onlineLevel: 'full',
    fullyOnlineEligible: true,
    feeCharging: true,
    citizenDataConnected: false,
    paperResultRequired: false,
  },
  '2.000884': {
    onlineLevel: 'partial',
    fullyOnlineEligible: true,
    feeCharging: true,
    citizenDataConnected: false,
    paperResultRequired: true,
  },
  '1.004227': {
    onlineLevel: 'full',
    fullyOnlineEligible: true,
    feeCharging: true,
    citizenDataConnected: true,
    paperResultRequired: false,
  },
  '1.001776': {
    onlineLevel: 'none',
    fullyOnlineEligible: false,
    feeCharging: true,
    citizenDataConnected: false,
    paperResultRequired: true,
  },
  '1.010815': {
    onlineLevel: 'full',
    fullyOnlineEligible: true,
    feeCharging: false,
    citizenDataConnected: false,
    paperResultRequired: false,
  },
};
const departmentFacts = {
  onlineLevel: 'partial',
  fullyOnlineEligible: true,
  feeCharging: true,
  citizenDataConnected: false,
  paperResultRequired: true,
} as const;

/** The catalogue facts of a demo procedure. */
export function demoCatalogueFacts(code: string) {
  return catalogueFacts[code] ?? departmentFacts;
}

/** The procedures as the API lists them (without the demo's routing hint), with their catalogue facts. */
export const demoProcedureCatalogue: Procedure[] = demoProcedures.map(
  ({ code, name, field, processingDays }) => ({
    code,
    name,
    field,
    processingDays,
    ...demoCatalogueFacts(code),
  }),
);
